/** The dashboard's readings of the agency monitor: how long, and how healthy. Pure. */
import type { TFunction } from "i18next";
import type { AgencyHealth } from "../../api/types.ts";

/** "2 d 3 h", "45 min": the largest two units. */
export function formatDuration(seconds: number, t: TFunction): string {
  if (seconds <= 0) return "—";
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  const parts = days > 0 ? [t("duration.days", { count: days }), hours > 0 ? t("duration.hours", { count: hours }) : ""] : hours > 0 ? [t("duration.hours", { count: hours }), minutes > 0 ? t("duration.minutes", { count: minutes }) : ""] : [t("duration.minutes", { count: Math.max(1, minutes) })];
  return parts.filter(Boolean).join(" ");
}

export type Health = "failing" | "attention" | "healthy";

/** Failing: messages given up on (dead letters). Attention: retrying, answers overdue, or answers refused by the hub's checks lately. */
export function healthOf(agency: AgencyHealth): Health {
  if (agency.outbound.dead > 0) return "failing";
  if (agency.outbound.retrying > 0 || agency.orders.overdue > 0 || agency.answers.refusedRecently > 0) return "attention";
  return "healthy";
}

