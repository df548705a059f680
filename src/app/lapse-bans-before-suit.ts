/**
 * The deadline job for Art. 298(e): every travel ban ordered before suit whose period to
 * prove the filing has ended without a report is lifted — through the same path as any
 * lapse (src/app/lapse-travel-ban.ts): a `procedure.lift` action on the file, a lift order
 * to the ports in the outbox, notices to the parties, all in one transaction per file.
 * Safe to run from many workers at once: each ban is re-read under its file's lock.
 */
import { ordersOfProcedures, proceduresOfFile, procedureTerms, standingBansBeforeSuit } from "../storage/procedures/repository.ts";
import { banOrderedAt, filingDeadline, type BanBeforeSuitParameters } from "./ban-before-suit.ts";
import type { AppDeps } from "./deps.ts";
import { openFileAsSystem } from "./locked-file.ts";

const standing = ["ordered", "dispatched", "in_force"] as const;

/** Lifts the bans whose filing period ended at `now`; returns how many. */
export async function lapseBansBeforeSuit(deps: AppDeps, now: Date): Promise<number> {
  // Without a lock first: the bans before suit that stand with no filing reported, and
  // when each was ordered; only those whose period has ended are locked and re-read.
  const standingBans = await standingBansBeforeSuit(deps.db, standing);
  const candidates = standingBans.filter((ban) => ban.orderedAt !== null && now >= filingDeadline(deps.rules, ban.requestedAt, ban.orderedAt, now).lapsesAt);
  let lifted = 0;
  for (const candidate of candidates) {
    const done = await deps.db.transaction().execute(async (tx) => {
      const { changes } = await openFileAsSystem(tx, candidate.fileId, { id: "system", role: "deadlines" }, `art-298e-${candidate.id}`, now);
      const procedure = (await proceduresOfFile(tx, candidate.fileId)).find((found) => found.id === candidate.id);
      const row = await procedureTerms(tx, candidate.id);
      const parameters = row.parameters as BanBeforeSuitParameters;
      // Under the lock: still standing, still unreported (another worker or the creditor may have acted).
      if (!procedure || !(standing as readonly string[]).includes(procedure.status) || parameters.suitFiling) return false;
      const orderedAt = await banOrderedAt(tx, procedure.id);
      if (orderedAt === null) return false;
      const deadline = filingDeadline(deps.rules, row.requestedAt, orderedAt, now);
      if (now < deadline.lapsesAt) return false;
      await changes.endProcedure(
        procedure,
        await ordersOfProcedures(tx, [procedure.id]),
        "lift",
        `لم يثبت الدائن رفع الدعوى خلال ${deadline.days} أيام من أمر المنع (آخر يوم ${deadline.lastDay})، فسقط المنع من السفر (المادة 298/هـ). — ` +
          `The creditor did not prove the suit was filed within ${deadline.days} days of the ban order (last day ${deadline.lastDay}); the travel ban lapsed (Art. 298(e)).`,
        { cause: "art_298", ground: "suit_not_filed", orderedOn: deadline.orderedOn, lastDay: deadline.lastDay },
      );
      await changes.commit();
      return true;
    });
    if (done) lifted++;
  }
  return lifted;
}
