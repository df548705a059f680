/**
 * What is held against a debtor, where: funds bank by bank (never above what is owed, the
 * cap), each vehicle flagged by traffic, the travel ban registered at the ports — each with
 * its state and since when (GET /api/v1/me/debts).
 */
import { useTranslation } from "react-i18next";
import type { Holding } from "../api/types.ts";
import { Kwd } from "./format.tsx";
import { agencyName } from "./vocabulary.ts";
import { DateCell, Table } from "./table.tsx";

export function HoldingsTable({ holdings, caption }: { holdings: Holding[]; caption: string }) {
  const { t } = useTranslation();
  if (holdings.length === 0) return <p className="muted holdings-none">{t("debts.nothingHeld")}</p>;
  return (
    <Table className="holdings responsive" caption={caption} columns={[t("debts.measure"), t("debts.where"), t("debts.what"), t("debts.state"), t("debts.since")]}>
      {holdings.map((holding) => (
        <tr key={holding.orderId + (holding.plate ?? "")} data-holding={holding.kind} data-agency={holding.agencyKey} data-state={holding.state}>
          <td data-label={t("debts.measure")}>{t(`debts.holdingKinds.${holding.kind}`)}</td>
          <th scope="row" data-label={t("debts.where")}>
            {agencyName(holding.agencyKey, t)}
          </th>
          <td data-label={t("debts.what")}>
            {holding.kind === "bank_funds" ? <Kwd value={holding.amount ?? "0.000"} /> : null}
            {holding.kind === "vehicle" ? (
              <>
                {t("debts.plate")} <bdi dir="ltr">{holding.plate}</bdi>
                {/* Makes and models are as the traffic register writes them. */}
                <span className="muted block">
                  <bdi dir="ltr">{[holding.make, holding.model, holding.year].filter(Boolean).join(" ")}</bdi>
                </span>
              </>
            ) : null}
            {holding.kind === "travel_ban" ? (
              holding.reference ? (
                <>
                  {t("debts.banReference")} <bdi dir="ltr">{holding.reference}</bdi>
                </>
              ) : (
                t("debts.banAtPorts")
              )
            ) : null}
          </td>
          <td data-label={t("debts.state")}>
            <span className={`badge holding-${holding.state}`}>{t(`debts.holdingState.${holding.state}`)}</span>
          </td>
          <DateCell label={t("debts.since")} iso={holding.since} dateOnly />
        </tr>
      ))}
    </Table>
  );
}
