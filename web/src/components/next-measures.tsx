/**
 * The file page's "next measures" (issue 18, item 2): after a measure ended with nothing
 * found (no money, no vehicle), the measures the rules allow now against that debtor
 * (computed by the API: src/domain/procedures/batch.ts), each one click into the request
 * for several measures, prefilled (/requests/new?file=…&debtor=…&kinds=…).
 */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { FileDetail } from "../api/types.ts";
import { partyName } from "./vocabulary.ts";

export function NextMeasures({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const proposals = file.nextMeasures ?? [];
  if (proposals.length === 0) return null;
  const debtors = [...new Set(proposals.map((proposal) => proposal.debtorPartyId))];
  const link = (debtor: string, kinds: string[]) => `/requests/new?file=${file.id}&debtor=${debtor}&kinds=${kinds.join(",")}`;
  return (
    <section className="card next-measures" aria-labelledby="next-measures-title" id="next-measures">
      <h2 id="next-measures-title">{t("batch.next.title")}</h2>
      {debtors.map((debtor) => {
        const own = proposals.filter((proposal) => proposal.debtorPartyId === debtor);
        const party = file.parties.find((candidate) => candidate.id === debtor);
        return (
          <div key={debtor} data-debtor={debtor}>
            <p>{t("batch.next.intro", { debtor: partyName(party) })}</p>
            <ul className="next-measure-list">
              {own.map((proposal) => (
                <li key={proposal.kind} data-kind={proposal.kind}>
                  <strong>{t(`vocab.procedureKind.${proposal.kind}`)}</strong>{" "}
                  <span className="muted">{t("batch.next.after", { kind: t(`vocab.procedureKind.${proposal.after}`) })}</span>{" "}
                  <Link to={link(debtor, [proposal.kind])} className="next-measure-link">
                    {t("batch.next.ask")}
                  </Link>
                </li>
              ))}
            </ul>
            {own.length > 1 ? (
              <p>
                <Link className="button secondary" to={link(debtor, own.map((proposal) => proposal.kind))} id="next-measures-all">
                  {t("batch.next.askAll")}
                </Link>
              </p>
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
