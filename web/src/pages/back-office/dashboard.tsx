/**
 * The operations dashboard, from the APIs that watch the work: the review queues
 * (GET /api/v1/queues/clerk|judge — what waits for a decision, by measure, and how old
 * against the service level) and the agency monitor (GET /api/v1/agency-monitor — orders
 * awaiting each agency, deadline breaches, and the health of each agency's channel).
 * Each part shows what the person's role may read; charts are inline SVG (components/charts).
 * Clerks and administrators may ask the banks where their orders in flight stand
 * (POST /api/v1/agency-monitor/status-queries: order.status, docs/agency-protocol.md 10.5).
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { answer, api } from "../../api/client.ts";
import { useAction } from "../../api/use-action.ts";
import { SelectField } from "../../components/filters.tsx";
import { Submit } from "../../components/states.tsx";
import { useAgencyMonitor, useReviewQueues } from "../../api/resources.ts";
import type { AgencyMonitor, QueueItem } from "../../api/types.ts";
import { BarChart, type BarRow } from "../../components/charts.tsx";
import { Facts } from "../../components/facts.tsx";
import { DateTime } from "../../components/format.tsx";
import { Page } from "../../components/page.tsx";
import { Section } from "../../components/section.tsx";
import { Ready } from "../../components/states.tsx";
import { agencyName } from "../../components/vocabulary.ts";
import { hasRole } from "../../session/roles.ts";
import { useSession } from "../../session/session.tsx";
import { formatDuration, healthOf, type Health } from "./health.ts";
import { itemKinds } from "./links.ts";
import { Table } from "../../components/table.tsx";

export const DASHBOARD_POLL_MS = 15_000;

const ageBuckets = [
  { key: "0", test: (age: number) => age === 0 },
  { key: "1", test: (age: number) => age === 1 },
  { key: "2", test: (age: number) => age === 2 },
  { key: "3to5", test: (age: number) => age >= 3 && age <= 5 },
  { key: "over5", test: (age: number) => age > 5 },
] as const;

function QueueCharts({ items }: { items: QueueItem[] }) {
  const { t } = useTranslation();
  const series = [
    { key: "onTime", label: t("dashboard.onTime"), tone: "primary" as const },
    { key: "overdue", label: t("dashboard.overdue"), tone: "danger" as const },
  ];
  const byKind = (filter: (item: QueueItem) => boolean) => {
    const chosen = items.filter(filter);
    return [chosen.filter((item) => !item.overdue).length, chosen.filter((item) => item.overdue).length];
  };
  const measureRows: BarRow[] = [
    ...(["bank_attachment", "vehicle_seizure", "travel_ban"] as const).map((kind) => ({ key: kind, label: t(`vocab.procedureKind.${kind}`), values: byKind((item) => item.itemKind === "procedure_decision" && item.procedureKind === kind) })),
    ...itemKinds.filter((kind) => kind !== "procedure_decision").map((kind) => ({ key: kind, label: t(`queues.kinds.${kind}`), values: byKind((item) => item.itemKind === kind) })),
  ];
  const ageRows: BarRow[] = ageBuckets.map((bucket) => ({ key: bucket.key, label: t(`dashboard.ages.${bucket.key}`), values: byKind((item) => bucket.test(item.ageWorkingDays)) }));
  const overdue = items.filter((item) => item.overdue).length;
  return (
    <>
      <Facts
        className="figures dashboard-figures"
        facts={[
          { label: t("dashboard.waiting"), value: items.length, id: "figure-waiting", of: "figure" },
          { label: t("dashboard.overdueItems"), value: overdue, id: "figure-overdue", of: "figure" },
          { label: t("dashboard.unassigned"), value: items.filter((item) => item.assignedTo === null).length, of: "figure" },
        ]}
      />
      <div className="two-columns charts">
        <BarChart id="chart-by-measure" title={t("dashboard.byMeasure")} description={t("dashboard.byMeasureText")} series={series} rows={measureRows} />
        <BarChart id="chart-ages" title={t("dashboard.agesTitle")} description={t("dashboard.agesText")} series={series} rows={ageRows} />
      </div>
    </>
  );
}

/** Ask one bank (or every bank) where its orders in flight stand; the answers come back as declarations. */
function StatusQueryForm({ monitor }: { monitor: AgencyMonitor }) {
  const { t } = useTranslation();
  const banks = monitor.agencies.filter((agency) => agency.agencyKey.startsWith("bank:"));
  const [target, setTarget] = useState("all");
  const [asked, setAsked] = useState<number | null>(null);
  const asking = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAsked(null);
    await asking.run(async () => {
      const result = await answer(api.POST("/api/v1/agency-monitor/status-queries", { body: target === "all" ? {} : { agencyKey: target } }));
      setAsked(result.asked);
    });
  };
  return (
    <form className="card status-query" id="status-query" onSubmit={submit} noValidate aria-labelledby="status-query-title">
      <h3 id="status-query-title">{t("dashboard.statusQueryTitle")}</h3>
      <p className="muted">{t("dashboard.statusQueryText")}</p>
      <SelectField
        id="status-query-bank"
        label={t("dashboard.statusQueryBank")}
        value={target}
        onChange={setTarget}
        options={[{ value: "all", label: t("dashboard.statusQueryAllBanks") }, ...banks.map((agency) => ({ value: agency.agencyKey, label: agencyName(agency.agencyKey, t) }))]}
      />
      {asked !== null ? (
        <p className="notice success" role="status" id="status-query-result">
          {t("dashboard.statusQueryAsked", { count: asked })}
        </p>
      ) : null}
      <Submit action={asking} label={t("dashboard.statusQueryButton")} className="button secondary" id="status-query-submit" />
    </form>
  );
}

function AgencyCharts({ monitor, asks }: { monitor: AgencyMonitor; asks: boolean }) {
  const { t } = useTranslation();
  const agencies = monitor.agencies;
  const awaitingRows: BarRow[] = agencies
    .filter((agency) => agency.orders.awaitingAnswer > 0 || agency.orders.overdue > 0)
    .sort((a, b) => b.orders.awaitingAnswer - a.orders.awaitingAnswer)
    .map((agency) => ({ key: agency.agencyKey, label: agencyName(agency.agencyKey, t), values: [Math.max(0, agency.orders.awaitingAnswer - agency.orders.overdue), agency.orders.overdue] }));
  const breachRows: BarRow[] = agencies
    .filter((agency) => agency.orders.deadlineBreaches > 0)
    .sort((a, b) => b.orders.deadlineBreaches - a.orders.deadlineBreaches)
    .map((agency) => ({ key: agency.agencyKey, label: agencyName(agency.agencyKey, t), values: [agency.orders.deadlineBreaches] }));
  const order: Record<Health, number> = { failing: 0, attention: 1, healthy: 2 };
  const health = [...agencies].sort((a, b) => order[healthOf(a)] - order[healthOf(b)] || a.agencyKey.localeCompare(b.agencyKey));
  return (
    <>
      <div className="two-columns charts">
        <BarChart
          id="chart-awaiting"
          title={t("dashboard.awaitingTitle")}
          description={t("dashboard.awaitingText")}
          series={[
            { key: "inTime", label: t("dashboard.withinDeadline"), tone: "primary" },
            { key: "overdue", label: t("dashboard.pastDeadline"), tone: "danger" },
          ]}
          rows={awaitingRows}
        />
        <BarChart id="chart-breaches" title={t("dashboard.breachesTitle")} description={t("dashboard.breachesText")} series={[{ key: "breaches", label: t("dashboard.breaches"), tone: "warning" }]} rows={breachRows} />
      </div>
      <section className="card" aria-labelledby="health-title">
        <h3 id="health-title">{t("dashboard.healthTitle")}</h3>
        <p className="muted">{t("dashboard.healthText")}</p>
        <Table className="responsive health-table" id="agency-health" caption={t("dashboard.healthTitle")} columns={[t("file.agency"), t("dashboard.health"), t("dashboard.awaiting"), t("dashboard.oldestWait"), t("dashboard.pastDeadline"), t("dashboard.outbound"), t("dashboard.answers")]}>
          {health.map((agency) => {
            const state = healthOf(agency);
            return (
              <tr key={agency.agencyKey} data-agency={agency.agencyKey} data-health={state}>
                <th scope="row" data-label={t("file.agency")}>
                  {agencyName(agency.agencyKey, t)}
                </th>
                <td data-label={t("dashboard.health")}>
                  <span className={`badge health-${state}`}>{t(`dashboard.healthStates.${state}`)}</span>
                </td>
                <td data-label={t("dashboard.awaiting")}>{agency.orders.awaitingAnswer}</td>
                <td data-label={t("dashboard.oldestWait")}>{formatDuration(agency.orders.oldestAwaitingSeconds, t)}</td>
                <td data-label={t("dashboard.pastDeadline")}>
                  {agency.orders.overdue} <span className="muted">({t("dashboard.breachesCount", { count: agency.orders.deadlineBreaches })})</span>
                </td>
                <td data-label={t("dashboard.outbound")}>{t("dashboard.outboundCounts", { pending: agency.outbound.pending, retrying: agency.outbound.retrying, dead: agency.outbound.dead })}</td>
                <td data-label={t("dashboard.answers")} data-over-declarations={agency.answers.overDeclarations}>
                  {t("dashboard.answersCounts", { refused: agency.answers.refusedRecently, over: agency.answers.overDeclarations })}
                </td>
              </tr>
            );
          })}
        </Table>
      </section>
      {asks ? <StatusQueryForm monitor={monitor} /> : null}
    </>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const me = session.state === "signed-in" ? session.me : null;
  const readsQueues = hasRole(me, "clerk", "judge");
  const readsJudgeQueue = hasRole(me, "judge");
  const readsMonitor = hasRole(me, "clerk", "auditor", "administrator");
  // agency.redrive: the staff who act on the exchange (an auditor only watches).
  const asksStatus = hasRole(me, "clerk", "administrator");
  const queues = useReviewQueues(readsQueues ? (readsJudgeQueue ? ["clerk", "judge"] : ["clerk"]) : [], { pollMs: DASHBOARD_POLL_MS });
  const monitor = useAgencyMonitor(readsMonitor, { pollMs: DASHBOARD_POLL_MS });

  return (
    <Page
      className="dashboard-page"
      title={t("dashboard.title")}
      intro={
        <>
          {t("dashboard.intro")}
          {monitor.data ? (
            <>
              {" "}
              {t("dashboard.asOf", { time: "" })}
              <DateTime iso={monitor.data.generatedAt} />
            </>
          ) : null}
        </>
      }
    >
      <Section id="queues-title" title={t("dashboard.queuesTitle")}>
        {readsQueues ? <Ready resource={queues}>{(items) => <QueueCharts items={items} />}</Ready> : <p className="muted">{t("dashboard.queuesNotYours")}</p>}
      </Section>
      <Section id="agencies-title" title={t("dashboard.agenciesTitle")}>
        {readsMonitor ? <Ready resource={monitor}>{(data) => (data ? <AgencyCharts monitor={data} asks={asksStatus} /> : null)}</Ready> : <p className="muted">{t("dashboard.monitorNotYours")}</p>}
      </Section>
    </Page>
  );
}
