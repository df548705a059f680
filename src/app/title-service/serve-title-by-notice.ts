/**
 * Service of the title by electronic notice (Art. 5 as amended in 2020; Resolution
 * 26/2021): when a title_served notice takes legal effect, the title is served on the
 * party it was for at that time, and the waiting period of the rules counts from it. Runs
 * in the delivery loop's transaction that marks the notice delivered, so a delivered
 * service notice and its service are never apart.
 */
import type { Tx } from "../../storage/action-log.ts";
import { insertTitleService, type ServiceChannel } from "../../storage/titles/repository.ts";
import { openFileAsSystem } from "../locked-file.ts";
import { noticeDelivery } from "../../storage/notices/repository.ts";
import { randomUUID } from "node:crypto";

/** The notices machinery recording what a notice's legal effect did. */
export const noticesActor = { id: "system", role: "notices" } as const;

/** Records the service a delivered notice makes, if it is a service notice; true when recorded now. */
export async function serveTitleByNotice(tx: Tx, noticeId: string, at: Date): Promise<boolean> {
  const notice = await noticeDelivery(tx, noticeId);
  if (!notice || notice.kind !== "title_served" || notice.status !== "delivered" || notice.partyId === null) return false;
  if (notice.legalEffectAt === null || notice.deliveredChannel === null) return false;
  const { changes } = await openFileAsSystem(tx, notice.fileId, noticesActor, notice.correlationId ?? `notice:${notice.id}`, at);
  const recorded = await insertTitleService(tx, {
    id: randomUUID(),
    fileId: notice.fileId,
    debtorPartyId: notice.partyId,
    servedAt: notice.legalEffectAt,
    channel: notice.deliveredChannel as ServiceChannel,
    reference: null,
    noticeId: notice.id,
    documentId: null,
    recordedBy: noticesActor.id,
    recordedAt: at,
  });
  if (!recorded) return false;
  changes.record("title.served", {
    payload: { debtorPartyId: notice.partyId, channel: notice.deliveredChannel, noticeId: notice.id, servedAt: notice.legalEffectAt.toISOString() },
  });
  await changes.commit();
  return true;
}
