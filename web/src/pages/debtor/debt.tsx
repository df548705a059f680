/**
 * One file against me: what it owes and why (the title, the creditors, the claim), each
 * measure taken against me and, per bank, vehicle or ban, what is held; what I can do —
 * pay online, propose instalments, dispute the enforcement (and declare the bond's
 * deposit) — with the disputes and plans already made, the documents (the release
 * certificate once paid), the notices served on me about it, and who looked at the file
 * (offices and capacities, never staff names). Polls while open.
 */
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useFile, useFileDisputes, useFilePlans, useMyDebts, useMyNotices } from "../../api/resources.ts";
import type { FileDetail, Me } from "../../api/types.ts";
import { ClaimTable } from "../../components/claim-table.tsx";
import { DisputeList, PlanList } from "../../components/disputes.tsx";
import { Documents } from "../../components/documents.tsx";
import { FileReads } from "../../components/file-reads.tsx";
import { Figures } from "../../components/facts.tsx";
import { FileNumber, Ledger, StatusHead, TitleFacts } from "../../components/file-facts.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { HoldingsTable } from "../../components/holdings.tsx";
import { MeasureBadge, MeasureResults } from "../../components/measure-results.tsx";
import { NoticeList } from "../../components/notice-list.tsx";
import { PageNotice } from "../../components/page-notice.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { CardPair, Section } from "../../components/section.tsx";
import { Empty, ErrorMessage, Loading, Ready } from "../../components/states.tsx";
import { partyName } from "../../components/vocabulary.ts";
import { useSession } from "../../session/session.tsx";
import { mayPay, measuresAgainst, myDebtorParties } from "./debtor-file.ts";

export const DEBT_POLL_MS = 3000;
/** The latest notices about the file; all of them are on the notices page. */
const FILE_NOTICES_SHOWN = 5;

function DebtView({ file, me }: { file: FileDetail; me: Me }) {
  const { t } = useTranslation();
  const mine = myDebtorParties(file, me);
  const debt = useMyDebts({ search: file.number }, { pollMs: DEBT_POLL_MS });
  const disputes = useFileDisputes(file.id);
  const plans = useFilePlans(file.id);
  const notices = useMyNotices({ fileId: file.id, limit: FILE_NOTICES_SHOWN });
  const entry = debt.data?.files.find((candidate) => candidate.fileId === file.id) ?? null;
  const measures = measuresAgainst(file, mine);
  const open = file.status === "open";
  const openDispute = disputes.data?.some((dispute) => dispute.status === "filed" || dispute.status === "suspended" || dispute.status === "not_suspended") ?? false;
  // What the debtor can do on an open file: each a page of its own (the label's key; its hint is the key + "Hint").
  const offers = [
    { id: "pay", to: "pay", label: "debts.pay", className: "button", shown: mayPay(file) },
    { id: "propose-plan", to: "instalments", label: "plans.propose", className: "button secondary", shown: true },
    { id: "file-dispute", to: "dispute", label: "disputes.file", className: "button secondary", shown: !openDispute },
  ];

  return (
    <div className="debt-page" data-file-id={file.id} data-status={file.status}>
      <p>
        <Link to="/debts">{t("debts.back")}</Link>
      </p>
      <StatusHead title={<FileNumber label={t("debts.file", { number: "" })} number={file.number} />}>
        <span className={`badge status-${file.status}`} id="debt-status">
          {t(`fileStatus.${file.status}`)}
        </span>
      </StatusHead>
      <PageNotice />
      {file.status === "satisfied" ? (
        <p className="notice success" id="satisfied-note">
          {t("debts.satisfiedNote")}
        </p>
      ) : null}

      <Figures
        title={t("file.summary")}
        figures={[
          { label: t("debts.outstanding"), value: <Kwd value={file.outstanding} />, id: "outstanding" },
          { label: t("debts.heldInBanks"), value: <Kwd value={entry?.heldInBanks ?? "0.000"} />, id: "held-in-banks" },
          { label: t("file.claimTotal"), value: <Kwd value={file.claimTotal} /> },
          { label: t("debts.paid"), value: <Kwd value={file.recoveredTotal} /> },
        ]}
      />

      {open ? (
        <section aria-labelledby="what-title" className="card">
          <h2 id="what-title">{t("debts.whatYouCanDo")}</h2>
          <ul className="action-list">
            {offers
              .filter((offer) => offer.shown)
              .map((offer) => (
                <li key={offer.id}>
                  <Link className={offer.className} to={`/debts/${file.id}/${offer.to}`} id={offer.id}>
                    {t(offer.label)}
                  </Link>{" "}
                  <span className="hint">{t(`${offer.label}Hint`)}</span>
                </li>
              ))}
          </ul>
        </section>
      ) : null}

      <p>
        <Link to={`/debts/${file.id}/treasury`} id="debt-money">
          {t("money.link")}
        </Link>
      </p>
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
                    <MeasureBadge procedure={procedure} />
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
                  <MeasureResults procedure={procedure} outstanding={file.outstanding} />
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

      <CardPair
        cards={[
          {
            id: "why-title",
            title: t("debts.whyTitle"),
            body: (
              <>
                <p>{t("debts.whyText")}</p>
                {file.titles.map((title) => (
                  <TitleFacts key={title.id} title={title} extent="brief" />
                ))}
                <h3 className="h4">{t("debts.creditors")}</h3>
                <ul>
                  {file.parties
                    .filter((party) => party.role === "creditor")
                    .map((party) => (
                      <li key={party.id}>{partyName(party)}</li>
                    ))}
                </ul>
              </>
            ),
          },
          {
            id: "claim-title",
            title: t("file.claimTitle"),
            body: (
              <>
                <ClaimTable file={file} />
                <h3 className="h4">{t("file.ledgerTitle")}</h3>
                <Ledger file={file} id="ledger" />
              </>
            ),
          },
        ]}
      />

      <Section id="disputes-title" title={t("disputes.title")}>
        <Ready resource={disputes}>{(list) => <DisputeList fileId={file.id} disputes={list} onChanged={disputes.reload} debtorSide />}</Ready>
      </Section>
      <Section id="plans-title" title={t("plans.title")}>
        <Ready resource={plans}>{(list) => <PlanList plans={list} />}</Ready>
      </Section>
      <Section id="documents-title" title={t("documents.title")} card>
        <Documents file={file} side="debtor" {...(file.status === "satisfied" ? { pollMs: DEBT_POLL_MS } : {})} />
      </Section>
      <Section id="file-reads-title" title={t("reads.title")}>
        <p className="hint">{t("reads.intro")}</p>
        <FileReads fileId={file.id} />
      </Section>
      <Section id="file-notices-title" title={t("notices.forFile")}>
        <Ready resource={notices}>{(list) => (list.length === 0 ? <p className="muted">{t("notices.none")}</p> : <NoticeList notices={list} headingLevel={3} />)}</Ready>
        <p>
          <Link to="/notices">{t("notices.all")}</Link>
        </p>
      </Section>
    </div>
  );
}

export function DebtPage() {
  const { t } = useTranslation();
  const { fileId = "" } = useParams();
  const { session } = useSession();
  const detail = useFile(fileId, { pollMs: DEBT_POLL_MS });
  usePageTitle(detail.data ? t("debts.file", { number: detail.data.number }) : t("debts.title"));
  return (
    <Ready resource={detail}>
      {(file) =>
        session.state !== "signed-in" ? <Loading /> : myDebtorParties(file, session.me).length === 0 ? <Empty>{t("debts.notYours")}</Empty> : <DebtView file={file} me={session.me} />
      }
    </Ready>
  );
}
