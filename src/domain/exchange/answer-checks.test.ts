/**
 * A bank's salary and exempt credits (protection.declaration, Art. 216) are checked before
 * the hub counts them: each refusal has its receipt code; an honest declaration passes.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { makeIban } from "../identifiers/iban.ts";
import { checkProtectedCredits } from "./answer-checks.ts";
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
