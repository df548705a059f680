import assert from "node:assert/strict";
import { test } from "node:test";
import { proposeNextMeasures, type ProposalInput } from "./batch.ts";

const base: ProposalInput = {
  fileOpen: true,
  outstanding: 1_000_000n,
  debtors: [
    { id: "person", person: true },
    { id: "company", person: false },
  ],
  procedures: [],
  travelBanMinimum: 150_000n,
};

const kinds = (input: ProposalInput, debtor: string) => proposeNextMeasures(input).filter((proposal) => proposal.debtorPartyId === debtor).map((proposal) => proposal.kind);

test("nothing is proposed until a measure found nothing", () => {
  assert.deepEqual(proposeNextMeasures({ ...base, procedures: [{ kind: "bank_attachment", status: "in_force", debtorPartyId: "person", nothingFound: false }] }), []);
});

test("after an attachment found nothing: another attachment, a vehicle seizure and a travel ban against a person", () => {
  const input = { ...base, procedures: [{ kind: "bank_attachment" as const, status: "in_force" as const, debtorPartyId: "person", nothingFound: true }] };
  assert.deepEqual(kinds(input, "person"), ["bank_attachment", "vehicle_seizure", "travel_ban"]);
  assert.deepEqual(kinds(input, "company"), [], "only for the debtor the measure was against");
  assert.ok(proposeNextMeasures(input).every((proposal) => proposal.after === "bank_attachment"));
});

test("no travel ban against a company or under the minimum; no second active seizure or ban", () => {
  const empty = (debtorPartyId: string) => ({ kind: "vehicle_seizure" as const, status: "in_force" as const, debtorPartyId, nothingFound: true });
  assert.deepEqual(kinds({ ...base, procedures: [empty("company")] }, "company"), ["bank_attachment"], "the seizure still active; a company is not banned");
  assert.deepEqual(kinds({ ...base, outstanding: 100_000n, procedures: [{ ...empty("person"), status: "lifted" }] }, "person"), ["bank_attachment", "vehicle_seizure"]);
  const banned = [{ ...empty("person"), status: "lifted" as const }, { kind: "travel_ban" as const, status: "under_review" as const, debtorPartyId: "person", nothingFound: false }];
  assert.deepEqual(kinds({ ...base, procedures: banned }, "person"), ["bank_attachment", "vehicle_seizure"]);
});

test("a file that is not open, or owes nothing, proposes nothing", () => {
  const procedures = [{ kind: "bank_attachment" as const, status: "lifted" as const, debtorPartyId: "person", nothingFound: true }];
  assert.deepEqual(proposeNextMeasures({ ...base, fileOpen: false, procedures }), []);
  assert.deepEqual(proposeNextMeasures({ ...base, outstanding: 0n, procedures }), []);
});
