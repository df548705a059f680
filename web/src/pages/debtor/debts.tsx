/**
 * The debtor's side: every file against me (or a company I represent), what it owes, and
 * what is held where and why — funds bank by bank, vehicles, the travel ban — with
 * payments still open (GET /api/v1/me/debts, keyset pages). Polls while open, so lifts
 * show as the agencies confirm them.
 */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMyDebts } from "../../api/resources.ts";
import type { DebtFile } from "../../api/types.ts";
import { Facts } from "../../components/facts.tsx";
import { FileNumber } from "../../components/file-facts.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { HoldingsTable } from "../../components/holdings.tsx";
import { Page } from "../../components/page.tsx";
import { Pagination, usePages } from "../../components/pagination.tsx";
import { Empty, Ready } from "../../components/states.tsx";
import { nameList } from "../../components/vocabulary.ts";
import { mayPay } from "./debtor-file.ts";

const PAGE_SIZE = 10;
export const DEBTS_POLL_MS = 3000;

function DebtCard({ debt }: { debt: DebtFile }) {
  const { t } = useTranslation();
  const headingId = `debt-${debt.fileId}-title`;
  return (
    <li className="card debt" data-file-id={debt.fileId} data-status={debt.status} aria-labelledby={headingId}>
      <div className="procedure-head">
        <h2 id={headingId}>
          <Link to={`/debts/${debt.fileId}`} className="debt-link">
            <FileNumber label={t("debts.file", { number: "" })} number={debt.number} />
          </Link>
        </h2>
        <span className={`badge status-${debt.status}`}>{t(`fileStatus.${debt.status}`)}</span>
      </div>
      <p className="muted">
        {t("debts.creditors")}: {nameList(debt.creditors, t)}
      </p>
      <Facts
        className="facts inline"
        facts={[
          { label: t("debts.outstanding"), value: <Kwd value={debt.outstanding} />, className: "debt-outstanding" },
          { label: t("debts.heldInBanks"), value: <Kwd value={debt.heldInBanks} />, className: "debt-held" },
          { label: t("debts.paid"), value: <Kwd value={debt.paid} /> },
        ]}
      />
      <h3 className="h4">{t("debts.heldTitle")}</h3>
      <HoldingsTable holdings={debt.holdings} caption={t("debts.heldCaption", { number: debt.number })} />
      {debt.pendingPayments.length > 0 ? (
        <ul className="pending-payments">
          {debt.pendingPayments.map((payment) => (
            <li key={payment.paymentId} className="notice">
              {t("debts.pendingPayment", { time: "" })}
              <DateTime iso={payment.initiatedAt} />: <Kwd value={payment.amount} /> <Link to={`/payments/${payment.paymentId}`}>{t("debts.seePayment")}</Link>
            </li>
          ))}
        </ul>
      ) : null}
      {debt.reportedPayments.length > 0 ? (
        <ul className="reported-payments">
          {debt.reportedPayments.map((payment) => (
            <li key={payment.entryId} data-late={payment.reportedLateDays !== null ? "true" : "false"} className={payment.reportedLateDays !== null ? "notice" : undefined}>
              {t(`debts.reported.${payment.source}`)}: <Kwd value={payment.amount} />
              {payment.receivedOn ? <> — {t("debts.reported.receivedOn", { day: payment.receivedOn })}</> : null}
              {payment.reportedLateDays !== null ? <span className="badge late"> {t("debts.reported.late", { days: payment.reportedLateDays })}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="actions-row">
        {mayPay(debt) ? (
          <Link className="button pay-link" to={`/debts/${debt.fileId}/pay`}>
            {t("debts.pay")}
          </Link>
        ) : null}
        <Link className="button secondary" to={`/debts/${debt.fileId}`}>
          {t("debts.details")}
        </Link>
      </p>
    </li>
  );
}

export function DebtsPage() {
  const { t } = useTranslation();
  const pages = usePages();
  const debts = useMyDebts({ limit: PAGE_SIZE, cursor: pages.cursor }, { pollMs: DEBTS_POLL_MS });
  return (
    <Page className="debts-page" title={t("debts.title")} intro={t("debts.intro")}>
      <Ready resource={debts}>
        {(found) =>
          found.files.length === 0 ? (
            <Empty>{t("debts.empty")}</Empty>
          ) : (
            <>
              <ul className="cards" id="debts">
                {found.files.map((debt) => (
                  <DebtCard key={debt.fileId} debt={debt} />
                ))}
              </ul>
              {pages.page > 1 || found.nextCursor ? <Pagination pages={pages} nextCursor={found.nextCursor} /> : null}
            </>
          )
        }
      </Ready>
    </Page>
  );
}
