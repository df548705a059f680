/**
 * Service of the title by electronic notice (Art. 5 as amended in 2020; Resolution
 * 26/2021): when a title_served notice takes legal effect, the title is served on the
 * party it was for at that time, and the waiting period of the rules counts from it. Runs
 * in the delivery loop's transaction that marks the notice delivered, so a delivered
 * service notice and its service are never apart.
 */
import type { Tx } from "../../storage/action-log.ts";
import { insertTitleService, type ServiceChannel } from "../../storage/title-services.ts";
import { openFileAsSystem } from "../locked-file.ts";
import { randomUUID } from "node:crypto";

/** The notices machinery recording what a notice's legal effect did. */
export const noticesActor = { id: "system", role: "notices" } as const;

/** Records the service a delivered notice makes, if it is a service notice; true when recorded now. */
export async function serveTitleByNotice(tx: Tx, noticeId: string, at: Date): Promise<boolean> {
  const notice = await tx
    .selectFrom("notices")
    .select(["id", "kind", "file_id", "party_id", "status", "delivered_channel", "legal_effect_at", "correlation_id"])
    .where("id", "=", noticeId)
    .executeTakeFirst();
  if (!notice || notice.kind !== "title_served" || notice.status !== "delivered" || notice.party_id === null) return false;
  if (notice.legal_effect_at === null || notice.delivered_channel === null) return false;
  const { changes } = await openFileAsSystem(tx, notice.file_id, noticesActor, notice.correlation_id ?? `notice:${notice.id}`, at);
  const recorded = await insertTitleService(tx, {
    id: randomUUID(),
    fileId: notice.file_id,
    debtorPartyId: notice.party_id,
    servedAt: notice.legal_effect_at,
    channel: notice.delivered_channel as ServiceChannel,
    reference: null,
    noticeId: notice.id,
    documentId: null,
    recordedBy: noticesActor.id,
    recordedAt: at,
  });
  if (!recorded) return false;
  changes.record("title.served", {
    payload: { debtorPartyId: notice.party_id, channel: notice.delivered_channel, noticeId: notice.id, servedAt: notice.legal_effect_at.toISOString() },
  });
  await changes.commit();
  return true;
}
