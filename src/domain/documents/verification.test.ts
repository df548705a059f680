import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { uploadedDocumentKinds } from "./documents.ts";
import { assertVerificationReasons, needsVerification } from "./verification.ts";

describe("document verification", () => {
  it("is needed for what a party or a lawyer brings and someone relies on", () => {
    assert.deepEqual(
      uploadedDocumentKinds.filter((kind) => needsVerification(kind, false)),
      ["executory_title_copy", "power_of_attorney", "evidence"],
    );
  });

  it("is not needed for what a clerk files", () => {
    assert.deepEqual(uploadedDocumentKinds.filter((kind) => needsVerification(kind, true)), []);
  });

  it("a rejection must give reasons; a verification may carry a note", () => {
    for (const blank of [undefined, null, "", "  \n\t"]) {
      assert.throws(() => assertVerificationReasons("reject", blank), { code: "VALIDATION_FAILED" });
      assert.equal(assertVerificationReasons("verify", blank), null);
    }
    assert.equal(assertVerificationReasons("reject", "  Illegible copy. "), "Illegible copy.");
    assert.equal(assertVerificationReasons("verify", "Seen the original."), "Seen the original.");
  });
});
