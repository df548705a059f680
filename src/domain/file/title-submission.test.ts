import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDomainError } from "../errors.ts";
import { nextTitleSubmissionStatus, titleSubmissionMachine, titleSubmissionStatusLabels, titleSubmissionStatuses, type TitleSubmissionEvent } from "./title-submission.ts";

const events: TitleSubmissionEvent[] = ["attachCopy", "open", "reject"];

describe("title submissions", () => {
  it("go from the copy to a clerk, and from the clerk to a file or a rejection", () => {
    assert.equal(nextTitleSubmissionStatus("awaiting_copy", "attachCopy"), "submitted");
    assert.equal(nextTitleSubmissionStatus("submitted", "open"), "opened");
    assert.equal(nextTitleSubmissionStatus("submitted", "reject"), "rejected");
  });

  it("refuse every other move with TITLE_SUBMISSION_NOT_PENDING, naming the status and the event", () => {
    const allowed = new Set(["awaiting_copy:attachCopy", "submitted:open", "submitted:reject"]);
    let refused = 0;
    for (const status of titleSubmissionStatuses) {
      for (const event of events) {
        if (allowed.has(`${status}:${event}`)) continue;
        assert.throws(
          () => nextTitleSubmissionStatus(status, event),
          (error: unknown) => isDomainError(error) && error.code === "TITLE_SUBMISSION_NOT_PENDING" && error.details.status === status && error.details.event === event,
        );
        refused++;
      }
    }
    assert.equal(refused, titleSubmissionStatuses.length * events.length - allowed.size);
  });

  it("have a decision only once: opened and rejected are final", () => {
    assert.deepEqual(titleSubmissionMachine.opened, {});
    assert.deepEqual(titleSubmissionMachine.rejected, {});
  });

  it("label every status in Arabic and English", () => {
    for (const status of titleSubmissionStatuses) {
      assert.match(titleSubmissionStatusLabels[status].ar, /[\u0621-\u064A]/);
      assert.ok(titleSubmissionStatusLabels[status].en.length > 0);
    }
  });
});
