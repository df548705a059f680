/** The file's timeline on the creditor's page: every recorded action, newest first, the latest 15 until asked for all. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { FileDetail } from "../../api/types.ts";
import { DateTime } from "../../components/format.tsx";
import { Empty } from "../../components/states.tsx";
import { actionDescription, actionLabel, agencyName, roleLabel } from "../../components/vocabulary.ts";

/** Reasons written by the system itself are in English only (the rules' referral text); the measure card shows the checks in both languages. */
const machineActors = new Set(["rules", "worker", "system", "agency", "civil_information"]);
const TIMELINE_SHOWN = 15;

export function Timeline({ file }: { file: FileDetail }) {
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
                <strong>{actionLabel(entry)}</strong>
                {procedure ? <span> — {t(`vocab.procedureKind.${procedure.kind}`)}</span> : null}
                {order ? <span> — {agencyName(order.agencyKey, t)}</span> : null}
              </p>
              {actionDescription(entry) ? <p className="timeline-description">{actionDescription(entry)}</p> : null}
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
