/**
 * The debtor's side: every file against me (or a company I represent), what it owes, and
 * what is held where and why — funds bank by bank, vehicles, the travel ban — with
 * payments still open (GET /api/v1/me/debts, keyset pages). Polls while open, so lifts
 * show as the agencies confirm them.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { call } from "../../api/client.ts";
import type { DebtFile, DebtList } from "../../api/debtor-types.ts";
import { useResource } from "../../api/use-resource.ts";
import { DateTime, Kwd } from "../../components/format.tsx";
import { HoldingsTable } from "../../components/holdings.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { Empty, ErrorState, Loading } from "../../components/states.tsx";
import { compareAmounts } from "../../i18n/format.ts";
import { currentLang } from "../../i18n/index.ts";

const PAGE_SIZE = 10;
export const DEBTS_POLL_MS = 3000;

export function creditorNames(debt: Pick<DebtFile, "creditors">): string {
  const lang = currentLang();
  return debt.creditors.map((creditor) => (lang === "ar" ? creditor.nameAr : creditor.nameEn)).join(lang === "ar" ? "، " : ", ");
}

export const mayPay = (debt: Pick<DebtFile, "status" | "outstanding">) => debt.status === "open" && compareAmounts(debt.outstanding, "0") > 0;

function DebtCard({ debt }: { debt: DebtFile }) {
  const { t } = useTranslation();
  const headingId = `debt-${debt.fileId}-title`;
  return (
    <li className="card debt" data-file-id={debt.fileId} data-status={debt.status} aria-labelledby={headingId}>
      <div className="procedure-head">
        <h2 id={headingId}>
          <Link to={`/debts/${debt.fileId}`} className="debt-link">
            {t("debts.file", { number: "" })}
            <bdi dir="ltr">{debt.number}</bdi>
          </Link>
        </h2>
        <span className={`badge status-${debt.status}`}>{t(`fileStatus.${debt.status}`)}</span>
      </div>
      <p className="muted">
        {t("debts.creditors")}: {creditorNames(debt)}
      </p>
      <dl className="facts inline">
        <div>
          <dt>{t("debts.outstanding")}</dt>
          <dd className="debt-outstanding">
            <Kwd value={debt.outstanding} />
          </dd>
        </div>
        <div>
          <dt>{t("debts.heldInBanks")}</dt>
          <dd className="debt-held">
            <Kwd value={debt.heldInBanks} />
          </dd>
        </div>
        <div>
          <dt>{t("debts.paid")}</dt>
          <dd>
            <Kwd value={debt.paid} />
          </dd>
        </div>
      </dl>
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
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  usePageTitle(t("debts.title"));
  const debts = useResource(
    (signal) => call<DebtList>(`/api/v1/me/debts?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { signal }),
    [cursor],
    { pollMs: DEBTS_POLL_MS },
  );
  return (
    <div className="debts-page">
      <h1>{t("debts.title")}</h1>
      <p className="muted">{t("debts.intro")}</p>
      {debts.state === "loading" ? <Loading /> : null}
      {debts.state === "error" && !debts.data ? <ErrorState error={debts.error} onRetry={debts.reload} /> : null}
      {debts.data && debts.data.files.length === 0 ? <Empty>{t("debts.empty")}</Empty> : null}
      {debts.data && debts.data.files.length > 0 ? (
        <>
          <ul className="cards" id="debts">
            {debts.data.files.map((debt) => (
              <DebtCard key={debt.fileId} debt={debt} />
            ))}
          </ul>
          {cursors.length > 1 || debts.data.nextCursor ? (
            <nav className="pagination" aria-label={t("files.pagination")}>
              <button type="button" className="button secondary" disabled={cursors.length === 1} onClick={() => setCursors((list) => list.slice(0, -1))}>
                {t("files.previous")}
              </button>
              <span aria-live="polite">{t("files.page", { page: cursors.length })}</span>
              <button type="button" className="button secondary" disabled={!debts.data.nextCursor} onClick={() => setCursors((list) => [...list, debts.data!.nextCursor])}>
                {t("files.next")}
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
