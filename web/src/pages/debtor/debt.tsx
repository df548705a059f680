/**
 * One file against me: what it owes and why (the title, the creditors, the claim), each
 * measure taken against me and, per bank, vehicle or ban, what is held; what I can do —
 * pay online, propose instalments, dispute the enforcement (and declare the bond's
 * deposit) — with the disputes and plans already made, the documents (the release
 * certificate once paid) and the notices served on me about it. Polls while open.
 */
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import { call } from "../../api/client.ts";
import type { DebtList, Dispute, InstalmentPlan, Notice } from "../../api/debtor-types.ts";
import type { FileDetail, Me } from "../../api/types.ts";
import { useResource } from "../../api/use-resource.ts";
import { DisputeList, PlanList } from "../../components/disputes.tsx";
import { Documents } from "../../components/documents.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { ClaimTable } from "../../components/claim-table.tsx";
import { HoldingsTable } from "../../components/holdings.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { Empty, ErrorMessage, ErrorState, Loading } from "../../components/states.tsx";
import { partyName } from "../../components/vocabulary.ts";
import { useSession } from "../../session/session.tsx";
import { NoticeList } from "../notices.tsx";
import { mayPay } from "./debts.tsx";
import { measuresAgainst, myDebtorParties } from "./debtor-file.ts";

export const DEBT_POLL_MS = 3000;
/** The latest notices about the file; all of them are on the notices page. */
const FILE_NOTICES_SHOWN = 5;

function DebtView({ file, me }: { file: FileDetail; me: Me }) {
  const { t } = useTranslation();
  const location = useLocation();
  const notice = (location.state as { notice?: string; params?: Record<string, string> } | null) ?? null;
  const mine = myDebtorParties(file, me);
  const debt = useResource((signal) => call<DebtList>(`/api/v1/me/debts?search=${encodeURIComponent(file.number)}`, { signal }), [file.number], { pollMs: DEBT_POLL_MS });
  const disputes = useResource((signal) => call<{ disputes: Dispute[] }>(`/api/v1/files/${file.id}/disputes`, { signal }), [file.id]);
  const plans = useResource((signal) => call<{ plans: InstalmentPlan[] }>(`/api/v1/files/${file.id}/instalment-plans`, { signal }), [file.id]);
  const notices = useResource((signal) => call<{ notices: Notice[] }>(`/api/v1/me/notices?fileId=${file.id}&limit=${FILE_NOTICES_SHOWN}`, { signal }), [file.id]);
  const entry = debt.data?.files.find((candidate) => candidate.fileId === file.id) ?? null;
  const measures = measuresAgainst(file, mine);
  const open = file.status === "open";
  const openDispute = disputes.data?.disputes.some((dispute) => dispute.status === "filed" || dispute.status === "suspended" || dispute.status === "not_suspended") ?? false;

  return (
    <div className="debt-page" data-file-id={file.id} data-status={file.status}>
      <p>
        <Link to="/debts">{t("debts.back")}</Link>
      </p>
      <div className="file-head">
        <h1>
          {t("debts.file", { number: "" })}
          <bdi dir="ltr">{file.number}</bdi>
        </h1>
        <span className={`badge status-${file.status}`} id="debt-status">
          {t(`fileStatus.${file.status}`)}
        </span>
      </div>
      {notice?.notice ? (
        <p className="notice success" role="status" id="notice">
          {t(notice.notice, notice.params ?? {})}
        </p>
      ) : null}
      {file.status === "satisfied" ? (
        <p className="notice success" id="satisfied-note">
          {t("debts.satisfiedNote")}
        </p>
      ) : null}

      <section aria-labelledby="summary-title" className="figures">
        <h2 id="summary-title" className="visually-hidden">
          {t("file.summary")}
        </h2>
        <dl>
          <div className="figure main-figure">
            <dt>{t("debts.outstanding")}</dt>
            <dd id="outstanding">
              <Kwd value={file.outstanding} />
            </dd>
          </div>
          <div className="figure">
            <dt>{t("debts.heldInBanks")}</dt>
            <dd id="held-in-banks">
              <Kwd value={entry?.heldInBanks ?? "0.000"} />
            </dd>
          </div>
          <div className="figure">
            <dt>{t("file.claimTotal")}</dt>
            <dd>
              <Kwd value={file.claimTotal} />
            </dd>
          </div>
          <div className="figure">
            <dt>{t("debts.paid")}</dt>
            <dd>
              <Kwd value={file.recoveredTotal} />
            </dd>
          </div>
        </dl>
      </section>

      {open ? (
        <section aria-labelledby="what-title" className="card">
          <h2 id="what-title">{t("debts.whatYouCanDo")}</h2>
          <ul className="action-list">
            {mayPay({ status: file.status, outstanding: file.outstanding }) ? (
              <li>
                <Link className="button" to={`/debts/${file.id}/pay`} id="pay">
                  {t("debts.pay")}
                </Link>{" "}
                <span className="hint">{t("debts.payHint")}</span>
              </li>
            ) : null}
            <li>
              <Link className="button secondary" to={`/debts/${file.id}/instalments`} id="propose-plan">
                {t("plans.propose")}
              </Link>{" "}
              <span className="hint">{t("plans.proposeHint")}</span>
            </li>
            {!openDispute ? (
              <li>
                <Link className="button secondary" to={`/debts/${file.id}/dispute`} id="file-dispute">
                  {t("disputes.file")}
                </Link>{" "}
                <span className="hint">{t("disputes.fileHint")}</span>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="measures-title">
        <h2 id="measures-title">{t("debts.measuresTitle")}</h2>
        <p className="muted">{t("debts.measuresIntro")}</p>
        {debt.state === "error" && !debt.data ? <ErrorMessage error={debt.error} /> : null}
        {measures.length === 0 ? (
          <Empty>{t("debts.noMeasures")}</Empty>
        ) : (
          <ul className="procedures" id="measures">
            {measures.map((procedure) => {
              const held = entry?.holdings.filter((holding) => holding.procedureId === procedure.id) ?? [];
              return (
                <li key={procedure.id} className="card procedure" data-procedure-id={procedure.id} data-kind={procedure.kind} data-status={procedure.status} aria-labelledby={`measure-${procedure.id}`}>
                  <div className="procedure-head">
                    <h3 id={`measure-${procedure.id}`}>{t(`vocab.procedureKind.${procedure.kind}`)}</h3>
                    <span className={`badge procedure-status status-${procedure.status}`}>{t(`vocab.procedureStatus.${procedure.status}`)}</span>
                  </div>
                  <p className="muted">
                    {t("debts.requestedOn", { time: "" })}
                    <DateTime iso={procedure.requestedAt} />
                    {procedure.amount ? (
                      <>
                        {" "}
                        — {t("debts.upTo")} <Kwd value={procedure.amount} />
                      </>
                    ) : null}
                  </p>
                  {procedure.status === "lifted" || procedure.status === "expired" ? (
                    <p className="notice success">{t("debts.measureEnded")}</p>
                  ) : (
                    <HoldingsTable holdings={held} caption={t(`vocab.procedureKind.${procedure.kind}`)} />
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <div className="two-columns">
        <section aria-labelledby="why-title" className="card">
          <h2 id="why-title">{t("debts.whyTitle")}</h2>
          <p>{t("debts.whyText")}</p>
          {file.titles.map((title) => (
            <dl key={title.id} className="facts">
              <div>
                <dt>{t("file.titleType")}</dt>
                <dd>{t(`file.titleTypes.${title.type}`, { defaultValue: t("actions.other") })}</dd>
              </div>
              <div>
                <dt>{t("file.court")}</dt>
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
            </dl>
          ))}
          <h3 className="h4">{t("debts.creditors")}</h3>
          <ul>
            {file.parties
              .filter((party) => party.role === "creditor")
              .map((party) => (
                <li key={party.id}>{partyName(party)}</li>
              ))}
          </ul>
        </section>
        <section aria-labelledby="claim-title" className="card">
          <h2 id="claim-title">{t("file.claimTitle")}</h2>
          <ClaimTable file={file} />
          <h3 className="h4">{t("file.ledgerTitle")}</h3>
          {file.ledger.length === 0 ? (
            <p className="muted">{t("file.noLedger")}</p>
          ) : (
            <ul className="ledger" id="ledger">
              {file.ledger.map((ledgerEntry) => (
                <li key={ledgerEntry.id}>
                  <strong>{t(`file.ledgerKinds.${ledgerEntry.kind}`, { defaultValue: t("actions.other") })}</strong> <Kwd value={ledgerEntry.amount} /> — <DateTime iso={ledgerEntry.recordedAt} />
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="disputes-title">
        <h2 id="disputes-title">{t("disputes.title")}</h2>
        {disputes.state === "loading" ? <Loading /> : null}
        {disputes.state === "error" ? <ErrorState error={disputes.error} onRetry={disputes.reload} /> : null}
        {disputes.state === "ready" ? <DisputeList fileId={file.id} disputes={disputes.data.disputes} onChanged={disputes.reload} debtorSide /> : null}
      </section>

      <section aria-labelledby="plans-title">
        <h2 id="plans-title">{t("plans.title")}</h2>
        {plans.state === "loading" ? <Loading /> : null}
        {plans.state === "error" ? <ErrorState error={plans.error} onRetry={plans.reload} /> : null}
        {plans.state === "ready" ? <PlanList plans={plans.data.plans} /> : null}
      </section>

      <section aria-labelledby="documents-title" className="card">
        <h2 id="documents-title">{t("documents.title")}</h2>
        <Documents file={file} side="debtor" {...(file.status === "satisfied" ? { pollMs: DEBT_POLL_MS } : {})} />
      </section>

      <section aria-labelledby="file-notices-title">
        <h2 id="file-notices-title">{t("notices.forFile")}</h2>
        {notices.state === "loading" ? <Loading /> : null}
        {notices.state === "error" ? <ErrorState error={notices.error} onRetry={notices.reload} /> : null}
        {notices.state === "ready" ? notices.data.notices.length === 0 ? <p className="muted">{t("notices.none")}</p> : <NoticeList notices={notices.data.notices} headingLevel={3} /> : null}
        <p>
          <Link to="/notices">{t("notices.all")}</Link>
        </p>
      </section>
    </div>
  );
}

export function DebtPage() {
  const { t } = useTranslation();
  const { fileId = "" } = useParams();
  const { session } = useSession();
  const detail = useResource((signal) => call<FileDetail>(`/api/v1/files/${encodeURIComponent(fileId)}`, { signal }), [fileId], { pollMs: DEBT_POLL_MS });
  usePageTitle(detail.data ? t("debts.file", { number: detail.data.number }) : t("debts.title"));
  if (detail.state === "loading") return <Loading />;
  if (detail.state === "error" && !detail.data) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (session.state !== "signed-in") return <Loading />;
  const file = detail.data!;
  if (myDebtorParties(file, session.me).length === 0) return <Empty>{t("debts.notYours")}</Empty>;
  return <DebtView file={file} me={session.me} />;
}
