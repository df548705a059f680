/** Names of things the API sends as keys: agencies, parties, capacities. */
import type { TFunction } from "i18next";
import { currentLang } from "../i18n/index.ts";

export function agencyName(agencyKey: string, t: TFunction): string {
  if (agencyKey.startsWith("bank:")) {
    const code = agencyKey.slice("bank:".length);
    return t(`vocab.bank.${code}`, { defaultValue: t("vocab.agencyKind.bank") });
  }
  return t(`vocab.agencyKind.${agencyKey}`, { defaultValue: t("roles.agency") });
}

export function partyName(party: { nameAr: string | null; nameEn: string | null } | undefined): string {
  if (!party) return "—";
  return (currentLang() === "ar" ? party.nameAr : party.nameEn) ?? party.nameAr ?? party.nameEn ?? "—";
}

/** Names in the interface's language, as one list ("A، B" / "A, B"). */
export function nameList(parties: { nameAr: string | null; nameEn: string | null }[], t: TFunction): string {
  return parties.map((party) => partyName(party)).join(t("list.separator"));
}

export interface Bilingual {
  ar: string;
  en: string;
}

/**
 * An action's label as the API gives it from the registry of action kinds
 * (src/domain/audit/action-kinds.ts), in the reader's language; a kind the registry no
 * longer knows shows its code.
 */
export function actionLabel(action: { kind: string; label: Bilingual | null }): string {
  return action.label ? action.label[currentLang()] : action.kind;
}

/** The one sentence saying what the action means, in the reader's language (null when unknown). */
export function actionDescription(action: { description: Bilingual | null }): string | null {
  return action.description ? action.description[currentLang()] : null;
}

export function roleLabel(role: string, t: TFunction, exists: (key: string) => boolean): string {
  return exists(`roles.${role}`) ? t(`roles.${role}`) : t("roles.other");
}
