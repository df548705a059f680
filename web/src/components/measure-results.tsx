/**
 * What a measure came to, on its card (the creditor's file page, the debtor's page, the
 * clerk's and judge's review): its status badge — "nothing found" as its own result, not
 * "rejected" —, the judge's decision with reasons and conditions, the vehicles flagged
 * (plate, make, model), the ports' reference of a ban, and bank by bank what is held,
 * released (and why) and transferred, with the total held against what is owed.
 * From `results` on GET /api/v1/files/{fileId} (src/app/procedure-results.ts).
 */
import { useTranslation } from "react-i18next";
import type { Procedure } from "../api/types.ts";
import { Facts } from "./facts.tsx";
import { DateTime, Kwd } from "./format.tsx";
import { Table } from "./table.tsx";
import { agencyName } from "./vocabulary.ts";

/** The measure's badge: its status, or "nothing found" when every agency holds nothing. */
export function MeasureBadge({ procedure }: { procedure: Procedure }) {
  const { t } = useTranslation();
  if (procedure.results?.outcome === "nothing_found") {
    return (
      <span className="badge procedure-status status-nothing_found" data-outcome="nothing_found">
        {t("results.nothingFound")}
      </span>
    );
  }
  return <span className={`badge procedure-status status-${procedure.status}`}>{t(`vocab.procedureStatus.${procedure.status}`, { defaultValue: t("states.other") })}</span>;
}

export function MeasureResults({ procedure, outstanding }: { procedure: Procedure; outstanding: string }) {
  const { t } = useTranslation();
  const results = procedure.results;
  if (!results) return null;
  const { decision } = results;
  return (
    <div className="measure-results" data-results-for={procedure.id}>
      {results.outcome === "nothing_found" ? (
        <p className="notice nothing-found">{t(procedure.kind === "vehicle_seizure" ? "results.noVehicle" : procedure.kind === "bank_attachment" ? "results.noMoney" : "results.nothingAtAgency")}</p>
      ) : null}
      {decision ? (
        <div className="judge-decision">
          <Facts
            className="facts inline"
            facts={[
              { label: t("results.decision"), value: t(`results.decisions.${decision.decision}`, { defaultValue: decision.decision }) },
              { label: t("results.decidedAt"), value: <DateTime iso={decision.at} /> },
              decision.grantedAmount ? { label: t("results.grantedAmount"), value: <Kwd value={decision.grantedAmount} /> } : null,
            ]}
          />
          {decision.reasons ? (
            <p className="decision-reasons">
              <strong>{t("results.reasons")}:</strong> <span dir="auto">{decision.reasons}</span>
            </p>
          ) : null}
          {decision.conditions ? (
            <p className="decision-conditions">
              <strong>{t("results.conditions")}:</strong> <span dir="auto">{decision.conditions}</span>
            </p>
          ) : null}
        </div>
      ) : null}
      {results.vehicles.length > 0 ? (
        <>
          <h4>{t("results.vehiclesTitle")}</h4>
          <ul className="vehicles" id={`vehicles-${procedure.id}`}>
            {results.vehicles.map((vehicle) => (
              <li key={vehicle.plate} data-plate={vehicle.plate}>
                {t("debts.plate")} <bdi dir="ltr" className="plate">{vehicle.plate}</bdi>{" "}
                <span className="muted">
                  {/* Makes and models are as the traffic register writes them. */}
                  <bdi dir="ltr">{[vehicle.make, vehicle.model, vehicle.year].filter(Boolean).join(" ")}</bdi>
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {results.portsReference ? (
        <p className="ports-reference">
          {t("debts.banReference")} <bdi dir="ltr">{results.portsReference}</bdi>
        </p>
      ) : null}
      {results.banks.length > 0 ? (
        <Table
          className="bank-results responsive"
          caption={t("results.banksTitle")}
          columns={[t("file.agency"), t("file.frozenDeclared"), t("file.held"), t("results.released"), t("results.transferred")]}
          footer={
            <tr className="total-held">
              <th scope="row">{t("results.totalHeld")}</th>
              <td colSpan={4} data-label={t("results.totalHeld")}>
                <Kwd value={results.totalHeld} /> <span className="muted">{t("results.ofOwed")}</span> <Kwd value={outstanding} />
              </td>
            </tr>
          }
        >
          {results.banks.map((bank) => (
            <tr key={bank.orderId} data-result-agency={bank.agencyKey}>
              <th scope="row" data-label={t("file.agency")}>
                {agencyName(bank.agencyKey, t)}
              </th>
              <td data-label={t("file.frozenDeclared")}>
                <Kwd value={bank.frozenDeclared} />
              </td>
              <td data-label={t("file.held")} className="held">
                <Kwd value={bank.held} />
              </td>
              <td data-label={t("results.released")}>
                {bank.released.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <ul className="releases">
                    {bank.released.map((release, index) => (
                      <li key={index} data-reason={release.reason}>
                        <Kwd value={release.amount} /> <span className="badge release-reason">{t(`results.releaseReasons.${release.reason}`)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td data-label={t("results.transferred")}>
                <Kwd value={bank.transferred} />
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </div>
  );
}
