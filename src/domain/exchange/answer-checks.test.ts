/**
 * A bank's salary and exempt credits (protection.declaration, Art. 216) are checked before
 * the hub counts them: each refusal has its receipt code; an honest declaration passes.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeIban } from "../identifiers/iban.ts";
import { checkParticulars, checkProtectedCredits } from "./answer-checks.ts";
import type { AgencyMessage } from "./messages.ts";

type ProtectionDeclaration = Extract<AgencyMessage, { type: "protection.declaration" }>;
type Credit = ProtectionDeclaration["credits"][number];

const salaryAccount = makeIban("NBOK", "0000000000001234567890");
const credit = (overrides: Partial<Credit> = {}): Credit => ({ iban: salaryAccount, reference: "SAL-000001", category: "salary", credited: "1000000", frozen: "250000", ...overrides });
const declaration = (credits: Credit[]) => ({ credits }) as unknown as ProtectionDeclaration;

test("Art. 216 credits: an honest declaration passes; a repeated credit, more frozen than credited, a bad or foreign IBAN are refused with their codes", () => {
  assert.equal(checkProtectedCredits("bank:NBOK", declaration([credit(), credit({ reference: "SAL-000002", category: "social_assistance", frozen: "0" })])), null);
  assert.equal(checkProtectedCredits("bank:NBOK", declaration([credit(), credit()])), "CREDIT_REPEATED");
  assert.equal(checkProtectedCredits("bank:NBOK", declaration([credit({ frozen: "1000001" })])), "FROZEN_ABOVE_CREDITED");
  assert.equal(checkProtectedCredits("bank:NBOK", declaration([credit({ iban: `${salaryAccount.slice(0, -1)}${salaryAccount.endsWith("0") ? "1" : "0"}` })])), "IBAN_INVALID");
  assert.equal(checkProtectedCredits("bank:NBOK", declaration([credit({ iban: makeIban("KFHO", "0000000000001234567890") })])), "IBAN_OF_OTHER_BANK");
});

test("Art. 234(2) particulars: required from kw-2025.4 for every account the declaration holds money on (PARTICULARS_INCOMPLETE); not required before", () => {
  type Particulars = Extract<AgencyMessage, { type: "declaration.particulars" }>;
  const second = makeIban("NBOK", "0000000000001234567891");
  const account = (iban: string) => ({ iban, cause: "current_account" as const, causeText: "Current account balance", documents: [{ kind: "account_statement" as const, reference: "ST-1", issuedOn: "2026-12-10" }] });
  const particulars = (ibans: string[], sequence = 1) => ({ type: "declaration.particulars", sequence, accounts: ibans.map(account) }) as unknown as Particulars;
  const declared = { sequence: 1, holdingIbans: [salaryAccount, second] };
  assert.equal(checkParticulars("bank:NBOK", particulars([salaryAccount, second]), { required: true, declared }), null);
  assert.equal(checkParticulars("bank:NBOK", particulars([salaryAccount]), { required: true, declared }), "PARTICULARS_INCOMPLETE");
  // The old behaviour (kw-2025.3 and before): the same incomplete particulars pass.
  assert.equal(checkParticulars("bank:NBOK", particulars([salaryAccount]), { required: false, declared }), null);
  // Particulars of another declaration than the one held are not judged against it.
  assert.equal(checkParticulars("bank:NBOK", particulars([salaryAccount], 2), { required: true, declared }), null);
  assert.equal(checkParticulars("bank:NBOK", particulars([salaryAccount, salaryAccount]), { required: true, declared }), "ACCOUNT_REPEATED");
  assert.equal(checkParticulars("bank:NBOK", particulars([makeIban("KFHO", "0000000000001234567890")]), { required: false, declared }), "IBAN_OF_OTHER_BANK");
});
