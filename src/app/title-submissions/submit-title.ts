/**
 * A creditor (in person, for their company, or through their lawyer under a mandate for all
 * their files with the request scope) submits an executory title online: the same details
 * a clerk enters to open a file, checked the same way now (enforceable, claim, parties
 * registered, not already opened), so the creditor learns at once what is wrong. The copy
 * of the title follows (attach-title-copy.ts); only then does it reach the clerks.
 */
import { DomainError } from "../../domain/errors.ts";
import { appendActions } from "../../storage/action-log.ts";
import { isUniqueViolation } from "../../storage/errors.ts";
import { insertTitleSubmission, readTitleSubmission, titleSubmissionPending, titleSubmissionStream } from "../../storage/titles/repository.ts";
import { actingRole, authorizeTitleSubmission } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { assertOpenable, assertPartiesRegistered, type OpenFileInput } from "../open-file.ts";
import { claimToJson, submissionView, type TitleSubmissionView } from "./submission-view.ts";
import { titleHasFile } from "../../storage/files/repository.ts";

export async function submitTitle(deps: AppDeps, context: UseCaseContext, input: OpenFileInput): Promise<TitleSubmissionView> {
  const now = deps.clock.now();
  const creditors = input.creditors.map((creditor) => ("civilId" in creditor ? { civilId: creditor.civilId, crNumber: null } : { civilId: null, crNumber: creditor.crNumber }));
  const access = authorizeTitleSubmission(context.subject, "title_submission.submit", creditors, now);
  const role = actingRole(context.subject, access, "title_submission.submit") === "lawyer" ? "lawyer" : "creditor";
  assertOpenable(input, now, deps.rules);
  try {
    return await deps.db.transaction().execute(async (tx) => {
      await assertPartiesRegistered(tx, [...input.creditors, ...input.debtors]);
      const key = { court: input.title.court, caseNumber: input.title.caseNumber, type: input.title.type };
      const opened = await titleHasFile(tx, key);
      // The same title already has a file, or is already waiting for a clerk.
      const waiting = await titleSubmissionPending(tx, key);
      if (opened || waiting) throw new DomainError("DUPLICATE_TITLE");
      const id = deps.newId();
      const details = { title: input.title, creditors: input.creditors, debtors: input.debtors, claim: claimToJson(input.claim) };
      await insertTitleSubmission(tx, {
        id,
        submittedBy: context.subject.civilId,
        submitterRole: role,
        ...details,
        creditorCivilIds: creditors.flatMap((creditor) => (creditor.civilId ? [creditor.civilId] : [])),
        creditorCrNumbers: creditors.flatMap((creditor) => (creditor.crNumber ? [creditor.crNumber] : [])),
        at: now,
      });
      await appendActions(tx, [
        {
          stream: titleSubmissionStream(id),
          actor: { id: context.subject.civilId, role },
          kind: "title_submission.create",
          payload: { titleSubmissionId: id, ...details },
          correlationId: context.correlationId,
          occurredAt: now,
        },
      ]);
      return submissionView((await readTitleSubmission(tx, id))!, null);
    });
  } catch (error) {
    // The same title submitted twice at the same moment: the pending-title index refuses one.
    if (isUniqueViolation(error, "title_submissions")) throw new DomainError("DUPLICATE_TITLE");
    throw error;
  }
}
