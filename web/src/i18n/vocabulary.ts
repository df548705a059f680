/**
 * The domain's own words (measures, statuses, agencies, banks) in both languages, taken
 * from the server's label tables so the pages say exactly what notices and PDFs say.
 * Merged into the translation resources under `vocab` and `actions`.
 */
import { documentKindLabels } from "#domain/documents/documents.ts";
import { titleSubmissionStatusLabels } from "#domain/file/title-submission.ts";
import { banks } from "#domain/identifiers/banks.ts";
import {
  agencyKindLabels,
  agencyOrderEventLabels,
  agencyOrderStatusLabels,
  procedureEventLabels,
  procedureKindLabels,
  procedureStatusLabels,
} from "#domain/procedures/labels.ts";
import type { Lang } from "./format.ts";

type Bilingual = { readonly ar: string; readonly en: string };

function pick<K extends string>(table: Record<K, Bilingual>, lang: Lang): Record<K, string> {
  return Object.fromEntries(Object.entries<Bilingual>(table).map(([key, label]) => [key, label[lang]])) as Record<K, string>;
}

export function vocabulary(lang: Lang) {
  return {
    vocab: {
      procedureKind: pick(procedureKindLabels, lang),
      procedureStatus: pick(procedureStatusLabels, lang),
      orderStatus: pick(agencyOrderStatusLabels, lang),
      agencyKind: pick(agencyKindLabels, lang),
      documentKind: pick(documentKindLabels, lang),
      titleSubmissionStatus: pick(titleSubmissionStatusLabels, lang),
      bank: Object.fromEntries(banks.map((bank) => [bank.code, lang === "ar" ? bank.nameAr : bank.nameEn])),
    },
    // Timeline entries "procedure.<event>" and "order.<event>" (see src/app/file-changes.ts).
    actions: {
      procedure: pick(procedureEventLabels, lang),
      order: pick(agencyOrderEventLabels, lang),
    },
  };
}

/** The banks a creditor may order (the Central Bank holds no customer accounts). */
export const orderableBanks = banks.filter((bank) => bank.receivesOrders).map((bank) => bank.code);
