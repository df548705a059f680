/**
 * One enforcement file (GET /api/v1/files/:id): what is owed, the title and parties, each
 * measure agency by agency (bank by bank: sent, acknowledged, amount frozen, released),
 * payments, and the timeline of every recorded action. Polls while open, so the banks'
 * answers appear as they arrive.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { call } from "../api/client.ts";
import type { Fee } from "../api/debtor-types.ts";
import type { FileDetail, Procedure } from "../api/types.ts";
import { PayFeeButton } from "../components/fee-payment.tsx";
import { useResource } from "../api/use-resource.ts";
import { DateTime, Kwd } from "../components/format.tsx";
import { ClaimTable } from "../components/claim-table.tsx";
import { usePageTitle } from "../components/page-title.ts";
import { DisputesAndPlans } from "../components/disputes-and-plans.tsx";
import { Documents } from "../components/documents.tsx";
import { Empty, ErrorState, Loading } from "../components/states.tsx";
import { actionLabel, agencyName, endedStatuses, partyName, roleLabel } from "../components/vocabulary.ts";
import { currentLang } from "../i18n/index.ts";
import { orderableBanks } from "../i18n/vocabulary.ts";

export const FILE_POLL_MS = 3000;

export function canRequestMeasures(file: FileDetail): boolean {
  return file.status === "open" && (file.myCapacities.includes("creditor") || file.myCapacities.includes("lawyer_for_creditor"));
}

function FeeLine({ file, fee }: { file: FileDetail; fee: Fee }) {
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
      {fee.status === "due" && fee.holdsDispatch ? <p className="hint">{t("fees.holdsDispatch")}</p> : null}
      {fee.status === "due" && canRequestMeasures(file) ? <PayFeeButton fileId={file.id} procedureId={fee.procedureId} /> : null}
    </div>
  );
}

function ProcedureCard({ file, procedure, fee }: { file: FileDetail; procedure: Procedure; fee: Fee | undefined }) {
  const { t } = useTranslation();
  const debtor = file.parties.find((party) => party.id === procedure.debtorPartyId);
  const banks = procedure.parameters?.banks;
  const waivable = canRequestMeasures(file) && !endedStatuses.has(procedure.status);
  const headingId = `procedure-${procedure.id}-title`;
  return (
    <li className="card procedure" data-procedure-id={procedure.id} data-kind={procedure.kind} data-status={procedure.status} aria-labelledby={headingId}>
      <div className="procedure-head">
        <h3 id={headingId}>{t(`vocab.procedureKind.${procedure.kind}`)}</h3>
        <span className={`badge procedure-status status-${procedure.status}`}>{t(`vocab.procedureStatus.${procedure.status}`, { defaultValue: t("actions.other") })}</span>
      </div>
      <dl className="facts inline">
        <div>
          <dt>{t("request.reviewDebtor")}</dt>
          <dd>{partyName(debtor)}</dd>
        </div>
        <div>
          <dt>{t("file.requestedAt")}</dt>
          <dd>
            <DateTime iso={procedure.requestedAt} />
          </dd>
        </div>
        {procedure.amount ? (
          <div>
            <dt>{t("file.amount")}</dt>
            <dd>
              <Kwd value={procedure.amount} />
            </dd>
          </div>
        ) : null}
        {banks ? (
          <div>
            <dt>{t("request.banks")}</dt>
            <dd>{banks === "all" || orderableBanks.every((code) => banks.includes(code)) ? t("file.banksAll") : banks.map((code) => t(`vocab.bank.${code}`, { defaultValue: t("vocab.agencyKind.bank") })).join(currentLang() === "ar" ? "، " : ", ")}</dd>
          </div>
        ) : null}
        {procedure.decision ? (
          <div>
            <dt>{t("file.decision")}</dt>
            <dd>
              {procedure.decision.outcome === "refer" && procedure.decision.queue
                ? t("file.referredTo", { queue: t(`file.queues.${procedure.decision.queue}`, { defaultValue: t("roles.other") }) })
                : t(`file.outcomes.${procedure.decision.outcome}`)}
            </dd>
          </div>
        ) : null}
        {!fee && procedure.decision && procedure.decision.fee !== "0.000" ? (
          <div>
            <dt>{t("file.fee")}</dt>
            <dd>
              <Kwd value={procedure.decision.fee} />
            </dd>
          </div>
        ) : null}
      </dl>
      {fee ? <FeeLine file={file} fee={fee} /> : null}
      {procedure.decision && procedure.decision.checks.length > 0 ? (
        <details className="checks">
          <summary>{t("file.checks")}</summary>
          <ul>
            {procedure.decision.checks.map((check) => (
              <li key={check.id} className={`check check-${check.outcome}`}>
                <span className={`badge check-${check.outcome}`}>{t(`file.checkOutcomes.${check.outcome}`)}</span> {check.message[currentLang()]}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <h4>{t("file.agenciesTitle")}</h4>
      {procedure.orders.length === 0 ? (
        <p className="muted">{t("file.noOrders")}</p>
      ) : (
        <div className="table-wrap">
          <table className="orders responsive">
            <thead>
              <tr>
                <th scope="col">{t("file.agency")}</th>
                <th scope="col">{t("file.orderStatus")}</th>
                {procedure.kind === "bank_attachment" ? <th scope="col">{t("file.held")}</th> : null}
                <th scope="col">{t("file.sentAt")}</th>
                <th scope="col">{t("file.answerDue")}</th>
              </tr>
            </thead>
            <tbody>
              {procedure.orders.map((order) => (
                <tr key={order.id} data-agency={order.agencyKey} data-order-status={order.status}>
                  <th scope="row" data-label={t("file.agency")}>
                    {agencyName(order.agencyKey, t)}
                  </th>
                  <td data-label={t("file.orderStatus")}>
                    <span className={`badge order-status order-${order.status}`}>{t(`vocab.orderStatus.${order.status}`, { defaultValue: t("actions.other") })}</span>
                    {order.deadlineMissedAt ? <span className="badge late">{t("file.late")}</span> : null}
                  </td>
                  {procedure.kind === "bank_attachment" ? (
                    <td data-label={t("file.held")} className="held">
                      <Kwd value={order.amountHeld ?? "0.000"} />
                      {order.details?.accounts && order.details.accounts.length > 0 ? (
                        <ul className="accounts" aria-label={t("file.accounts")}>
                          {order.details.accounts.map((account) => (
                            <li key={account.iban}>
                              <bdi dir="ltr">{account.iban}</bdi>: <Kwd value={account.frozen} />
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  ) : null}
                  <td data-label={t("file.sentAt")}>
                    <DateTime iso={order.sentAt} />
                  </td>
                  <td data-label={t("file.answerDue")}>
                    <DateTime iso={order.answerDueAt} dateOnly />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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

/** Reasons written by the system itself are in English only (the rules' referral text); the measure card shows the checks in both languages. */
const machineActors = new Set(["rules", "worker", "system", "agency", "civil_information"]);
const TIMELINE_SHOWN = 15;

function Timeline({ file }: { file: FileDetail }) {
  const { t, i18n } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  const exists = (key: string) => i18n.exists(key);
  const ordersById = new Map(file.procedures.flatMap((procedure) => procedure.orders.map((order) => [order.id, order] as const)));
  const proceduresById = new Map(file.procedures.map((procedure) => [procedure.id, procedure] as const));
  const all = [...file.timeline].sort((a, b) => b.seq - a.seq);
  if (all.length === 0) return <Empty>{t("file.noTimeline")}</Empty>;
  const entries = showAll ? all : all.slice(0, TIMELINE_SHOWN);
  return (
    <>
    <ol className="timeline" id="timeline">
      {entries.map((entry) => {
        const order = entry.orderId ? ordersById.get(entry.orderId) : undefined;
        const procedure = entry.procedureId ? proceduresById.get(entry.procedureId) : undefined;
        return (
          <li key={entry.seq} data-kind={entry.kind}>
            <DateTime iso={entry.at} />
            <p className="timeline-what">
              <strong>{actionLabel(entry.kind, t, exists)}</strong>
              {procedure ? <span> — {t(`vocab.procedureKind.${procedure.kind}`)}</span> : null}
              {order ? <span> — {agencyName(order.agencyKey, t)}</span> : null}
            </p>
            <p className="muted">
              {t("file.by")}: {roleLabel(entry.actorRole, t, exists)}
            </p>
            {entry.reason && !machineActors.has(entry.actorRole) ? (
              <p>
                {t("file.reason")}: <span dir="auto">{entry.reason}</span>
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
    {all.length > TIMELINE_SHOWN ? (
      <button type="button" className="button secondary" aria-expanded={showAll} onClick={() => setShowAll((value) => !value)}>
        {showAll ? t("file.timelineFewer") : t("file.timelineAll", { count: all.length })}
      </button>
    ) : null}
    </>
  );
}

export function FilePage() {
  const { t } = useTranslation();
  const { fileId = "" } = useParams();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const detail = useResource((signal) => call<FileDetail>(`/api/v1/files/${encodeURIComponent(fileId)}`, { signal }), [fileId], { pollMs: FILE_POLL_MS });
  const fees = useResource((signal) => call<{ fees: Fee[] }>(`/api/v1/files/${encodeURIComponent(fileId)}/fees`, { signal }), [fileId], { pollMs: FILE_POLL_MS });
  usePageTitle(detail.data ? t("file.title", { number: detail.data.number }) : t("files.title"));

  if (detail.state === "loading") return <Loading />;
  if (detail.state === "error" && !detail.data) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  const file = detail.data!;
  const lang = currentLang();
  const capacities = file.myCapacities.map((capacity) => t(`file.capacities.${capacity}`, { defaultValue: t("roles.other") })).join(lang === "ar" ? "، " : ", ");

  return (
    <div className="file-page" data-file-id={file.id}>
      <p>
        <Link to="/files">{t("file.back")}</Link>
      </p>
      <div className="file-head">
        <h1>
          {t("file.title", { number: "" })}
          <bdi dir="ltr">{file.number}</bdi>
        </h1>
        <span className={`badge status-${file.status}`}>{t(`fileStatus.${file.status}`)}</span>
      </div>
      {notice ? (
        <p className="notice success" role="status" id="notice">
          {t(notice)}
        </p>
      ) : null}
      {capacities ? (
        <p className="muted">
          {t("file.yourCapacity")}: {capacities}
        </p>
      ) : null}
      {file.myCapacities.includes("debtor") ? (
        <p className="notice">
          <Link to={`/debts/${file.id}`} id="debtor-view">
            {t("file.debtorView")}
          </Link>
        </p>
      ) : null}
      <p className="live muted" aria-live="off">
        <span className="live-dot" aria-hidden="true" /> {t("states.live")}
        {detail.updatedAt ? <> — {t("states.updatedAt", { time: detail.updatedAt.toLocaleTimeString(lang === "ar" ? "ar-KW-u-nu-latn" : "en-GB", { timeZone: "Asia/Kuwait" }) })}</> : null}
      </p>

      <section aria-labelledby="summary-title" className="figures">
        <h2 id="summary-title" className="visually-hidden">
          {t("file.summary")}
        </h2>
        <dl>
          <div className="figure main-figure">
            <dt>{t("file.outstanding")}</dt>
            <dd id="outstanding">
              <Kwd value={file.outstanding} />
            </dd>
          </div>
          <div className="figure">
            <dt>{t("file.claimTotal")}</dt>
            <dd>
              <Kwd value={file.claimTotal} />
            </dd>
          </div>
          <div className="figure">
            <dt>{t("file.recovered")}</dt>
            <dd>
              <Kwd value={file.recoveredTotal} />
            </dd>
          </div>
          <div className="figure">
            <dt>{t("file.openedAt")}</dt>
            <dd>
              <DateTime iso={file.openedAt} dateOnly />
            </dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="measures-title">
        <div className="section-head">
          <h2 id="measures-title">{t("file.measuresTitle")}</h2>
          {canRequestMeasures(file) ? (
            <Link className="button" to={`/files/${file.id}/request`} id="request-measure">
              {t("file.requestMeasure")}
            </Link>
          ) : null}
        </div>
        {file.status !== "open" ? <p className="notice">{t("file.closedNote")}</p> : null}
        {file.procedures.length === 0 ? (
          <Empty>{t("file.noMeasures")}</Empty>
        ) : (
          <ul className="procedures" id="procedures">
            {file.procedures.map((procedure) => (
              <ProcedureCard key={procedure.id} file={file} procedure={procedure} fee={fees.data?.fees.find((fee) => fee.procedureId === procedure.id)} />
            ))}
          </ul>
        )}
      </section>

      <div className="two-columns">
        <section aria-labelledby="parties-title" className="card">
          <h2 id="parties-title">{t("file.partiesTitle")}</h2>
          <ul className="parties">
            {file.parties.map((party) => (
              <li key={party.id} data-role={party.role}>
                <span className={`badge role-${party.role}`}>{t(`roles.${party.role}`)}</span> {partyName(party)}
                <span className="muted block">
                  {party.civilId ? t("file.civilId", { id: "" }) : t("file.crNumber", { id: "" })}
                  <bdi dir="ltr">{party.civilId ?? party.crNumber}</bdi>
                </span>
              </li>
            ))}
          </ul>
        </section>

        <section aria-labelledby="title-title" className="card">
          <h2 id="title-title">{t("file.titlesTitle")}</h2>
          {file.titles.map((title) => (
            <dl key={title.id} className="facts">
              <div>
                <dt>{t("file.titleType")}</dt>
                <dd>{t(`file.titleTypes.${title.type}`, { defaultValue: t("actions.other") })}</dd>
              </div>
              <div>
                <dt>{t("file.court")}</dt>
                {/* Court records are in Arabic whatever the interface's language. */}
                <dd lang="ar">{title.court}</dd>
              </div>
              <div>
                <dt>{t("file.caseNumber")}</dt>
                <dd>
                  <bdi lang="ar">{title.caseNumber}</bdi>
                </dd>
              </div>
              <div>
                <dt>{t("file.issuedOn")}</dt>
                <dd>
                  <DateTime iso={title.issuedOn} dateOnly />
                </dd>
              </div>
              <div>
                <dt>{t("file.final")}</dt>
                <dd>{t(title.isFinal ? "file.yes" : "file.no")}</dd>
              </div>
              <div>
                <dt>{t("file.executoryFormula")}</dt>
                <dd>{t(title.hasExecutoryFormula ? "file.yes" : "file.no")}</dd>
              </div>
            </dl>
          ))}
        </section>
      </div>

      <div className="two-columns">
        <section aria-labelledby="claim-title" className="card">
          <h2 id="claim-title">{t("file.claimTitle")}</h2>
          <ClaimTable file={file} />
        </section>

        <section aria-labelledby="ledger-title" className="card">
          <h2 id="ledger-title">{t("file.ledgerTitle")}</h2>
          {file.ledger.length === 0 ? (
            <p className="muted">{t("file.noLedger")}</p>
          ) : (
            <ul className="ledger">
              {file.ledger.map((entry) => (
                <li key={entry.id}>
                  <strong>{t(`file.ledgerKinds.${entry.kind}`, { defaultValue: t("actions.other") })}</strong> <Kwd value={entry.amount} /> — <DateTime iso={entry.recordedAt} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="disputes-plans-title" className="card">
        <h2 id="disputes-plans-title">{t("plans.disputesAndPlans")}</h2>
        <DisputesAndPlans file={file} />
      </section>

      <section aria-labelledby="documents-title" className="card">
        <h2 id="documents-title">{t("documents.title")}</h2>
        <Documents file={file} />
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("file.timelineTitle")}</h2>
        <Timeline file={file} />
      </section>
    </div>
  );
}
