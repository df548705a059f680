/**
 * Who looked at my file (the debtor's side; docs/security.md, "Reads are recorded"): each
 * read by an office or party — the creditor, a lawyer, an enforcement clerk or judge, an
 * auditor, a bank — with what they looked at and when, newest first. Staff are never named:
 * the API sends capacities and agencies only, with their labels in both languages.
 */
import { useTranslation } from "react-i18next";
import { useFileReads } from "../api/resources.ts";
import { Ready } from "./states.tsx";
import { DateCell, Table } from "./table.tsx";
import { agencyName } from "./vocabulary.ts";

export function FileReads({ fileId }: { fileId: string }) {
  const { t, i18n } = useTranslation();
  const reads = useFileReads(fileId);
  const lang = i18n.language === "ar" ? "ar" : "en";
  return (
    <Ready resource={reads}>
      {(found) =>
        found.reads.length === 0 ? (
          <p className="muted" id="file-reads-none">
            {t("reads.none")}
          </p>
        ) : (
          <Table className="responsive file-reads" id="file-reads" caption={t("reads.title")} columns={[t("reads.when"), t("reads.who"), t("reads.what")]}>
            {found.reads.map((read, index) => (
              <tr key={`${read.readAt}-${index}`} data-role={read.role}>
                <DateCell label={t("reads.when")} iso={read.readAt} />
                <td data-label={t("reads.who")}>{read.agencyKey ? agencyName(read.agencyKey, t) : read.roleLabel[lang]}</td>
                <td data-label={t("reads.what")}>{read.whatLabel[lang]}</td>
              </tr>
            ))}
          </Table>
        )
      }
    </Ready>
  );
}
