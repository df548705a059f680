/**
 * One measure on the creditor's file page: its facts, its fee, the rules' checks, each
 * agency's order (bank by bank: sent, answered, amount frozen, accounts), and waiving it.
 */
import { isFeePayableStatus } from "#domain/procedures/procedure-machine.ts";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Fee, FileDetail, Procedure } from "../../api/types.ts";
import { Facts } from "../../components/facts.tsx";
import { PayFeeButton } from "../../components/fee-payment.tsx";
import { Accounts, CheckItems, procedureFacts } from "../../components/file-facts.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { MeasureBadge, MeasureResults } from "../../components/measure-results.tsx";
import { agencyName } from "../../components/vocabulary.ts";
import { canRequestMeasures, endedStatuses } from "./rights.ts";
import { DateCell, Table } from "../../components/table.tsx";

function FeeLine({ file, procedure, fee }: { file: FileDetail; procedure: Procedure; fee: Fee }) {
  const { t } = useTranslation();
  return (
    <div className="fee-line" data-fee-status={fee.status}>
      <p>
        {t("file.fee")}: <Kwd value={fee.amount} /> <span className={`badge fee-${fee.status}`}>{t(`fees.status.${fee.status}`)}</span>
        {fee.paidAt ? (
          <span className="muted">
            {" "}
            — <DateTime iso={fee.paidAt} />
          </span>
        ) : null}
      </p>
      {fee.items.length > 1 ? (
        <ul className="fee-items">
          {fee.items.map((line) => (
            <li key={line.item} data-fee-item={line.item}>
              {t(`fees.items.${line.item}`)}: <Kwd value={line.amount} />
            </li>
          ))}
        </ul>
      ) : null}
      {fee.status === "due" && fee.holdsDispatch && isFeePayableStatus(procedure.status) ? <p className="hint">{t("fees.holdsDispatch")}</p> : null}
      {fee.status === "due" && canRequestMeasures(file) && isFeePayableStatus(procedure.status) ? <PayFeeButton fileId={file.id} procedureId={fee.procedureId} /> : null}
    </div>
  );
}

function Orders({ procedure }: { procedure: Procedure }) {
  const { t } = useTranslation();
  if (procedure.orders.length === 0) return <p className="muted">{t("file.noOrders")}</p>;
  const bank = procedure.kind === "bank_attachment";
  return (
    <Table className="orders responsive" columns={[t("file.agency"), t("file.orderStatus"), ...(bank ? [t("file.held")] : []), t("file.sentAt"), t("file.answerDue")]}>
      {procedure.orders.map((order) => (
        <tr key={order.id} data-agency={order.agencyKey} data-order-status={order.status}>
          <th scope="row" data-label={t("file.agency")}>
            {agencyName(order.agencyKey, t)}
          </th>
          <td data-label={t("file.orderStatus")}>
            <span className={`badge order-status order-${order.status}`}>{t(`vocab.orderStatus.${order.status}`, { defaultValue: t("states.other") })}</span>
            {order.deadlineMissedAt ? <span className="badge late">{t("file.late")}</span> : null}
          </td>
          {bank ? (
            <td data-label={t("file.held")} className="held">
              <Kwd value={order.amountHeld ?? "0.000"} />
              {order.details?.accounts && order.details.accounts.length > 0 ? <Accounts accounts={order.details.accounts} label={t("file.accounts")} /> : null}
              {order.particulars && order.particulars.length > 0 ? (
                <ul className="particulars" aria-label={t("file.particulars.title")}>
                  {order.particulars.map((account) => (
                    <li key={account.iban} data-cause={account.cause}>
                      <span dir="ltr">{account.iban}</span>: {t(`file.particulars.cause.${account.cause}`)} —{" "}
                      {/* The bank's own words, quoted as it gave them (their language is the bank's). */}
                      <q dir="auto" lang="und">
                        {account.causeText}
                      </q>
                      <br />
                      {t("file.particulars.documents")}:{" "}
                      {account.documents.map((document, index) => (
                        <span key={`${document.kind}-${document.reference}`} className="particulars-document">
                          {index > 0 ? " · " : null}
                          {t(`file.particulars.document.${document.kind}`)} <span dir="ltr">{document.reference}</span> (<span dir="ltr">{document.issuedOn}</span>)
                        </span>
                      ))}
                    </li>
                  ))}
                </ul>
              ) : null}
              {order.particularsMissing ? <span className="badge late particulars-missing">{t("file.particulars.missing")}</span> : null}
            </td>
          ) : null}
          <DateCell label={t("file.sentAt")} iso={order.sentAt} />
          <DateCell label={t("file.answerDue")} iso={order.answerDueAt} dateOnly />
        </tr>
      ))}
    </Table>
  );
}

export function ProcedureCard({ file, procedure, fee }: { file: FileDetail; procedure: Procedure; fee: Fee | undefined }) {
  const { t } = useTranslation();
  const facts = procedureFacts(file, procedure, t);
  const decision = procedure.decision;
  const waivable = canRequestMeasures(file) && !endedStatuses.has(procedure.status);
  const headingId = `procedure-${procedure.id}-title`;
  return (
    <li className="card procedure" data-procedure-id={procedure.id} data-kind={procedure.kind} data-status={procedure.status} aria-labelledby={headingId}>
      <div className="procedure-head">
        <h3 id={headingId}>{t(`vocab.procedureKind.${procedure.kind}`)}</h3>
        <MeasureBadge procedure={procedure} />
      </div>
      <Facts
        className="facts inline"
        facts={[
          facts.debtor,
          facts.requestedAt,
          facts.amount,
          facts.banks(true),
          decision && {
            label: t("file.decision"),
            value:
              decision.outcome === "refer" && decision.queue
                ? t("file.referredTo", { queue: t(`file.queues.${decision.queue}`, { defaultValue: t("roles.other") }) })
                : t(`file.outcomes.${decision.outcome}`),
          },
          !fee && decision && decision.fee !== "0.000" && { label: t("file.fee"), value: <Kwd value={decision.fee} /> },
        ]}
      />
      <MeasureResults procedure={procedure} outstanding={file.outstanding} />
      {fee ? <FeeLine file={file} procedure={procedure} fee={fee} /> : null}
      {decision && decision.checks.length > 0 ? (
        <details className="checks">
          <summary>{t("file.checks")}</summary>
          <ul>
            <CheckItems checks={decision.checks} />
          </ul>
        </details>
      ) : null}
      <h4>{t("file.agenciesTitle")}</h4>
      <Orders procedure={procedure} />
      {waivable ? (
        <p>
          <Link className="button secondary waive-link" to={`/files/${file.id}/procedures/${procedure.id}/waive`}>
            {t("file.waive")}
          </Link>
        </p>
      ) : null}
    </li>
  );
}
