/**
 * The clerks' and judges' review queues (GET /api/v1/queues/:queue): open items oldest
 * first, each with its age against the service level of the rules it entered under
 * (working days), overdue items marked, filters (kind of item, measure, minimum age,
 * assignment) kept in the address; assign an item to me or to a colleague
 * (POST /api/v1/queues/:queue/items/:itemId/assign) and open it to decide.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ApiError, answer, api } from "../../api/client.ts";
import { useReviewQueue } from "../../api/resources.ts";
import type { QueueItem, ReviewQueueName } from "../../api/types.ts";
import { useAction } from "../../api/use-action.ts";
import { DateTime } from "../../components/format.tsx";
import { PageNotice } from "../../components/page-notice.tsx";
import { Filters, SelectField, type Option } from "../../components/filters.tsx";
import { Page } from "../../components/page.tsx";
import { Tabs } from "../../components/tabs.tsx";
import { Empty, ErrorMessage, Ready } from "../../components/states.tsx";
import { DateCell, Table } from "../../components/table.tsx";
import { hasRole } from "../../session/roles.ts";
import { useSession } from "../../session/session.tsx";
import { itemKinds, reviewPath } from "./links.ts";

const measureKinds = ["bank_attachment", "vehicle_seizure", "travel_ban"] as const;
const assignments = ["me", "unassigned"] as const;
export const QUEUE_POLL_MS = 10_000;

function AgeBar({ item }: { item: QueueItem }) {
  const { t } = useTranslation();
  const share = item.slaWorkingDays > 0 ? Math.min(1, item.ageWorkingDays / item.slaWorkingDays) : 1;
  const tone = item.overdue ? "danger" : share >= 0.75 ? "warning" : "success";
  return (
    <span className="age">
      <svg className="age-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect x="0" y="0" width="100" height="8" className="chart-track" />
        <rect x={document.documentElement.dir === "rtl" ? 100 - share * 100 : 0} y="0" width={share * 100} height="8" className={`tone-${tone}`} />
      </svg>
      <span>{t("queues.age", { age: item.ageWorkingDays, sla: item.slaWorkingDays })}</span>
    </span>
  );
}

function AssignControls({ item, onAssigned }: { item: QueueItem; onAssigned: () => void }) {
  const { t } = useTranslation();
  const [colleague, setColleague] = useState("");
  const assigning = useAction();
  const { busy, failure } = assigning;
  const assign = (to?: string) =>
    assigning.run(async () => {
      await answer(api.POST("/api/v1/queues/{queue}/items/{itemId}/assign", { params: { path: { queue: item.queue as ReviewQueueName, itemId: item.id } }, body: to ? { to } : {} }));
      onAssigned();
    });
  const toColleague = (event: FormEvent) => {
    event.preventDefault();
    if (/^\d{12}$/.test(colleague.trim())) void assign(colleague.trim());
    else assigning.setFailure(new ApiError(400, "VALIDATION_FAILED", null));
  };
  const inputId = `assign-to-${item.id}`;
  return (
    <div className="assign">
      <button type="button" className="button secondary small assign-me" disabled={busy} onClick={() => void assign()}>
        {t("queues.assignMe")}
      </button>
      <details>
        <summary>{t("queues.assignOther")}</summary>
        <form onSubmit={toColleague} className="inline-fields" noValidate>
          <label htmlFor={inputId}>{t("queues.colleague")}</label>
          <input id={inputId} dir="ltr" inputMode="numeric" maxLength={12} value={colleague} onChange={(event) => setColleague(event.target.value)} />
          <button type="submit" className="button secondary small" disabled={busy}>
            {t("queues.assign")}
          </button>
        </form>
      </details>
      {failure ? failure.text ? <ErrorMessage error={failure} /> : <p className="error-text" role="alert">{t("queues.colleagueInvalid")}</p> : null}
    </div>
  );
}

export function QueuePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const me = session.state === "signed-in" ? session.me : null;
  const [params, setParams] = useSearchParams();
  const isJudge = hasRole(me, "judge");
  const queues: ReviewQueueName[] = isJudge ? (hasRole(me, "clerk") ? ["clerk", "judge"] : ["judge", "clerk"]) : ["clerk"];
  const queue: ReviewQueueName = params.get("queue") === "judge" && isJudge ? "judge" : params.get("queue") === "clerk" ? "clerk" : queues[0]!;
  const itemKind = itemKinds.find((kind) => kind === params.get("itemKind")) ?? "";
  const procedureKind = measureKinds.find((kind) => kind === params.get("procedureKind")) ?? "";
  const minAge = /^\d{1,3}$/.test(params.get("minAge") ?? "") ? params.get("minAge")! : "";
  const assigned = assignments.find((value) => value === params.get("assigned")) ?? "";
  const [draft, setDraft] = useState({ itemKind: itemKind as string, procedureKind: procedureKind as string, minAge, assigned: assigned as string });
  const items = useReviewQueue(
    queue,
    { itemKind: itemKind || undefined, procedureKind: procedureKind || undefined, minAgeWorkingDays: minAge ? Number(minAge) : undefined, assigned: assigned || undefined },
    { pollMs: QUEUE_POLL_MS },
  );

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams({ queue });
    for (const [key, value] of Object.entries(draft)) if (value) next.set(key, value);
    setParams(next);
  };

  // A filter the queue's API takes, chosen among its values or all.
  const select = (key: keyof typeof draft, id: string, label: string, options: Option[]) => (
    <SelectField id={id} label={label} value={draft[key]} onChange={(value) => setDraft({ ...draft, [key]: value })} all={t("files.statusAll")} options={options} />
  );
  return (
    <Page className="queue-page" title={t("queues.title")}>
      <PageNotice />
      <Tabs label={t("queues.which")} tabs={queues.map((name) => ({ to: `/back-office?queue=${name}`, label: t(`queues.names.${name}`), id: `queue-${name}`, current: name === queue }))} />
      <Filters label={t("files.filters")} className="filters card wide" onSubmit={apply} submitId="queue-apply" submitLabel={t("files.apply")}>
        {select("itemKind", "queue-item-kind", t("queues.itemKind"), itemKinds.map((kind) => ({ value: kind, label: t(`queues.kinds.${kind}`) })))}
        {select("procedureKind", "queue-measure", t("queues.measure"), measureKinds.map((kind) => ({ value: kind, label: t(`vocab.procedureKind.${kind}`) })))}
        <div className="field">
          <label htmlFor="queue-min-age">{t("queues.minAge")}</label>
          <input id="queue-min-age" type="number" min={0} max={365} inputMode="numeric" value={draft.minAge} onChange={(event) => setDraft({ ...draft, minAge: event.target.value })} />
        </div>
        {select("assigned", "queue-assigned", t("queues.assigned"), [
          { value: "me", label: t("queues.assignedMe") },
          { value: "unassigned", label: t("queues.unassigned") },
        ])}
      </Filters>

      <Ready resource={items}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t("queues.empty")}</Empty>
          ) : (
            <>
              <p className="muted" id="queue-summary">
                {t("queues.summary", { count: list.length, overdue: list.filter((item) => item.overdue).length, unassigned: list.filter((item) => item.assignedTo === null).length })}
              </p>
              <Table className="responsive queue-table" id="queue" caption={t(`queues.names.${queue}`)} columns={[t("queues.item"), t("queues.file"), t("queues.entered"), t("queues.ageTitle"), t("queues.due"), t("queues.assignedTo"), t("queues.actions")]}>
                {list.map((item) => {
                  const path = reviewPath(item);
                  return (
                    <tr key={item.id} data-item-id={item.id} data-item-kind={item.itemKind} data-procedure-kind={item.procedureKind ?? ""} data-overdue={item.overdue}>
                      <th scope="row" data-label={t("queues.item")}>
                        {t(`queues.kinds.${item.itemKind}`)}
                        {item.procedureKind ? <span className="muted block">{t(`vocab.procedureKind.${item.procedureKind}`, { defaultValue: t("states.other") })}</span> : null}
                      </th>
                      <td data-label={t("queues.file")}>{item.fileNumber ? <bdi dir="ltr">{item.fileNumber}</bdi> : <span className="muted">{t("queues.noFileYet")}</span>}</td>
                      <DateCell label={t("queues.entered")} iso={item.enteredAt} />
                      <td data-label={t("queues.ageTitle")}>
                        <AgeBar item={item} />
                      </td>
                      <td data-label={t("queues.due")}>
                        <DateTime iso={item.dueAt} />
                        {item.overdue ? <span className="badge late">{t("queues.overdue")}</span> : null}
                      </td>
                      <td data-label={t("queues.assignedTo")}>
                        {item.assignedTo === null ? (
                          <span className="muted">{t("queues.nobody")}</span>
                        ) : item.assignedTo === me?.civilId ? (
                          t("queues.me")
                        ) : (
                          <bdi dir="ltr">{item.assignedTo}</bdi>
                        )}
                      </td>
                      <td data-label={t("queues.actions")}>
                        {path ? (
                          <Link className="button small open-item" to={path}>
                            {t("queues.open")}
                          </Link>
                        ) : null}
                        {item.assignedTo !== me?.civilId ? <AssignControls item={item} onAssigned={items.reload} /> : null}
                      </td>
                    </tr>
                  );
                })}
              </Table>
            </>
          )
        }
      </Ready>
    </Page>
  );
}
