/**
 * Which channel a notice should be tried on next: pure, from its attempts, the policy and
 * the time. The first channel in the configured order starts at once; the next one joins
 * when the current one fails for good or is not delivered within the fallback delay.
 */
import type { NoticeAttemptStatus, NoticeChannelName } from "../storage/notices/schema.ts";
import type { NoticePolicy } from "./ports.ts";

export interface AttemptState {
  channel: NoticeChannelName;
  status: NoticeAttemptStatus;
  activatedAt: Date | null;
}

export interface NoticePlan {
  /** Channels to start now. */
  activate: NoticeChannelName[];
  /** The notice failed on every channel it could use. */
  failed: boolean;
  /** When to decide again (the fallback deadline), or null when only the running attempts can move it. */
  escalateAt: Date | null;
}

const isRunning = (status: NoticeAttemptStatus) => status === "due" || status === "awaiting_receipt";

export function planNotice(attempts: readonly AttemptState[], policy: Pick<NoticePolicy, "channelOrder" | "fallbackAfterMs">, now: Date): NoticePlan {
  const usable = policy.channelOrder.map((channel) => attempts.find((attempt) => attempt.channel === channel)).filter((attempt): attempt is AttemptState => attempt !== undefined);
  if (usable.some((attempt) => attempt.status === "delivered")) return { activate: [], failed: false, escalateAt: null };
  const activate: NoticeChannelName[] = [];
  let escalateAt: Date | null = null;
  for (const attempt of usable) {
    if (attempt.status === "waiting") {
      activate.push(attempt.channel);
      escalateAt = new Date(now.getTime() + policy.fallbackAfterMs);
      break;
    }
    if (isRunning(attempt.status)) {
      const deadline = new Date((attempt.activatedAt ?? now).getTime() + policy.fallbackAfterMs);
      if (deadline.getTime() > now.getTime()) {
        escalateAt = deadline;
        break;
      }
      // Past its delay: keep it running, and bring in the next channel.
    }
    // failed (or superseded) channels: go on to the next.
  }
  const hasNext = usable.some((attempt) => attempt.status === "waiting" && !activate.includes(attempt.channel));
  const anyRunning = usable.some((attempt) => isRunning(attempt.status));
  if (!hasNext && activate.length === 0) escalateAt = null;
  return { activate, failed: activate.length === 0 && !anyRunning && usable.every((attempt) => attempt.status === "failed" || attempt.status === "superseded"), escalateAt };
}
