/**
 * One enforcement file (GET /api/v1/files/:id): what is owed, the title and parties, each
 * measure agency by agency (bank by bank: sent, acknowledged, amount frozen, released),
 * payments, and the timeline of every recorded action. Polls while open, so the banks'
 * answers appear as they arrive.
 */
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useFile, useFileFees } from "../../api/resources.ts";
import type { Fee, FileDetail } from "../../api/types.ts";
import { ClaimTable } from "../../components/claim-table.tsx";
import { DisputesAndPlans } from "../../components/disputes-and-plans.tsx";
import { Documents } from "../../components/documents.tsx";
import { Figures } from "../../components/facts.tsx";
import { FileNumber, Ledger, StatusHead, TitleFacts } from "../../components/file-facts.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { PageNotice } from "../../components/page-notice.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { CardPair, Section } from "../../components/section.tsx";
import { Empty, Ready } from "../../components/states.tsx";
import { partyName } from "../../components/vocabulary.ts";
import { currentLang } from "../../i18n/index.ts";
import { NextMeasures } from "../../components/next-measures.tsx";
import { ProcedureCard } from "./procedure-card.tsx";
import { canRequestMeasures } from "./rights.ts";
import { Timeline } from "./timeline.tsx";

export const FILE_POLL_MS = 3000;

function Parties({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  return (
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
  );
}

function FileView({ file, fees, updatedAt }: { file: FileDetail; fees: Fee[] | null; updatedAt: Date | null }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const capacities = file.myCapacities.map((capacity) => t(`file.capacities.${capacity}`, { defaultValue: t("roles.other") })).join(t("list.separator"));
  return (
    <div className="file-page" data-file-id={file.id}>
      <p>
        <Link to="/files">{t("file.back")}</Link>
      </p>
      <StatusHead title={<FileNumber label={t("file.title", { number: "" })} number={file.number} />}>
        <span className={`badge status-${file.status}`}>{t(`fileStatus.${file.status}`)}</span>
      </StatusHead>
      <PageNotice />
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
      <p>
        <Link to={`/files/${file.id}/treasury`} id="file-money">
          {t("money.link")}
        </Link>
      </p>
      <p className="live muted" aria-live="off">
        <span className="live-dot" aria-hidden="true" /> {t("states.live")}
        {updatedAt ? <> — {t("states.updatedAt", { time: updatedAt.toLocaleTimeString(lang === "ar" ? "ar-KW-u-nu-latn" : "en-GB", { timeZone: "Asia/Kuwait" }) })}</> : null}
      </p>

      <Figures
        title={t("file.summary")}
        figures={[
          { label: t("file.outstanding"), value: <Kwd value={file.outstanding} />, id: "outstanding" },
          { label: t("file.claimTotal"), value: <Kwd value={file.claimTotal} /> },
          { label: t("file.recovered"), value: <Kwd value={file.recoveredTotal} /> },
          { label: t("file.openedAt"), value: <DateTime iso={file.openedAt} dateOnly /> },
        ]}
      />

      <section aria-labelledby="measures-title">
        <div className="section-head">
          <h2 id="measures-title">{t("file.measuresTitle")}</h2>
          {canRequestMeasures(file) ? (
            <span className="step-buttons">
              <Link className="button" to={`/files/${file.id}/request`} id="request-measure">
                {t("file.requestMeasure")}
              </Link>
              <Link className="button secondary" to={`/requests/new?file=${file.id}`} id="request-several">
                {t("batch.openFromFile")}
              </Link>
            </span>
          ) : null}
        </div>
        <NextMeasures file={file} />
        {file.status !== "open" ? <p className="notice">{t("file.closedNote")}</p> : null}
        {file.procedures.length === 0 ? (
          <Empty>{t("file.noMeasures")}</Empty>
        ) : (
          <ul className="procedures" id="procedures">
            {file.procedures.map((procedure) => (
              <ProcedureCard key={procedure.id} file={file} procedure={procedure} fee={fees?.find((fee) => fee.procedureId === procedure.id)} />
            ))}
          </ul>
        )}
      </section>

      <CardPair
        cards={[
          { id: "parties-title", title: t("file.partiesTitle"), body: <Parties file={file} /> },
          { id: "title-title", title: t("file.titlesTitle"), body: file.titles.map((title) => <TitleFacts key={title.id} title={title} extent="formal" />) },
        ]}
      />
      <CardPair
        cards={[
          { id: "claim-title", title: t("file.claimTitle"), body: <ClaimTable file={file} /> },
          { id: "ledger-title", title: t("file.ledgerTitle"), body: <Ledger file={file} /> },
        ]}
      />

      <Section id="disputes-plans-title" title={t("plans.disputesAndPlans")} card>
        <DisputesAndPlans file={file} />
      </Section>
      <Section id="documents-title" title={t("documents.title")} card>
        <Documents file={file} />
      </Section>
      <Section id="timeline-title" title={t("file.timelineTitle")}>
        <Timeline file={file} />
      </Section>
    </div>
  );
}

export function FilePage() {
  const { t } = useTranslation();
  const { fileId = "" } = useParams();
  const detail = useFile(fileId, { pollMs: FILE_POLL_MS });
  const fees = useFileFees(fileId, { pollMs: FILE_POLL_MS });
  usePageTitle(detail.data ? t("file.title", { number: detail.data.number }) : t("files.title"));
  return <Ready resource={detail}>{(file) => <FileView file={file} fees={fees.data} updatedAt={detail.updatedAt} />}</Ready>;
}
