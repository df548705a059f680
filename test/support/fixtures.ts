/**
 * A small world for tests: a clerk, a judge, creditors, debtors, a lawyer, a company,
 * and helpers to open files and act as any of them through the real use cases.
 */
import { makeDeps, type AppDeps } from "../../src/app/deps.ts";
import type { Clock } from "../../src/app/clock.ts";
import type { UseCaseContext } from "../../src/app/context.ts";
import { openFile, type OpenFileInput } from "../../src/app/open-file.ts";
import { grantStaffRole, registerCompany, registerMandate, registerPersons } from "../../src/app/registry.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { makeCivilId, type CivilId } from "../../src/domain/identifiers/index.ts";
import type { Db } from "../../src/storage/database.ts";
import { loadSubject } from "../../src/storage/registry/repository.ts";

export class TestClock implements Clock {
  private current;

  constructor(current = new Date("2026-03-01T08:00:00.000Z")) {
    this.current = current;
  }
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

function civilId(serial: number): CivilId {
  for (let day = 1; ; day++) {
    const id = makeCivilId({ year: 1980, month: 5, day }, serial);
    if (id) return id;
  }
}

export const people = {
  clerk: civilId(101),
  judge: civilId(102),
  auditor: civilId(103),
  bankOfficer: civilId(104),
  administrator: civilId(105),
  creditor: civilId(201),
  otherCreditor: civilId(202),
  debtor: civilId(301),
  otherDebtor: civilId(302),
  lawyer: civilId(401),
  expiredLawyer: civilId(402),
  unverifiedLawyer: civilId(403),
  companyRep: civilId(501),
  stranger: civilId(601),
} as const;

export const companyCr = "1234567";
let correlation = 0;

export interface World {
  deps: AppDeps;
  clock: TestClock;
  as(civilId: string): Promise<UseCaseContext>;
  openFileFor(creditor: { civilId: string } | { crNumber: string }, debtor: { civilId: string } | { crNumber: string }, principalKwd?: bigint): Promise<{ id: string; number: string }>;
}

export function titleInput(overrides: Partial<OpenFileInput["title"]> = {}): OpenFileInput["title"] {
  return {
    type: "final_judgment",
    court: "المحكمة الكلية - الدائرة التجارية 3",
    caseNumber: `2025/${++correlation} تجاري كلي`,
    issuedOn: "2025-11-02",
    isFinal: true,
    hasExecutoryFormula: true,
    grantsInterest: false,
    ...overrides,
  };
}

export async function buildWorld(db: Db): Promise<World> {
  const clock = new TestClock();
  const deps = makeDeps(db, clock);
  const system: UseCaseContext = { subject: systemSubject, correlationId: "test-setup" };
  await registerPersons(
    deps,
    system,
    Object.entries(people).map(([role, id]) => ({
      civilId: id,
      nameAr: `اختبار ${role}`,
      nameEn: `Test ${role}`,
      nationality: "KWT",
      email: `${role}@example.test`,
      phone: "+96550000000",
    })),
  );
  await registerCompany(deps, system, { crNumber: companyCr, nameAr: "شركة الاختبار", nameEn: "Test Company", representatives: [people.companyRep] });
  await grantStaffRole(deps, system, { civilId: people.clerk, role: "clerk", agencyKey: null });
  await grantStaffRole(deps, system, { civilId: people.judge, role: "judge", agencyKey: null });
  await grantStaffRole(deps, system, { civilId: people.auditor, role: "auditor", agencyKey: null });
  await grantStaffRole(deps, system, { civilId: people.bankOfficer, role: "agency_officer", agencyKey: "bank:NBOK" });
  await grantStaffRole(deps, system, { civilId: people.administrator, role: "administrator", agencyKey: null });
  const now = clock.now();
  const day = 86_400_000;
  await registerMandate(deps, system, {
    lawyerCivilId: people.lawyer,
    principal: { civilId: people.creditor },
    fileId: null,
    scopes: ["view", "request", "waive"],
    validFrom: new Date(now.getTime() - day),
    validUntil: new Date(now.getTime() + 365 * day),
  });
  await registerMandate(deps, system, {
    lawyerCivilId: people.expiredLawyer,
    principal: { civilId: people.creditor },
    fileId: null,
    scopes: ["view", "request", "waive"],
    validFrom: new Date(now.getTime() - 60 * day),
    validUntil: new Date(now.getTime() - day),
  });
  // Registered but never verified by a clerk: it must not count.
  await registerMandate(
    deps,
    system,
    {
      lawyerCivilId: people.unverifiedLawyer,
      principal: { civilId: people.creditor },
      fileId: null,
      scopes: ["view", "request", "waive"],
      validFrom: new Date(now.getTime() - day),
      validUntil: new Date(now.getTime() + 365 * day),
    },
    { verified: false },
  );
  const world: World = {
    deps,
    clock,
    as: async (id) => ({ subject: await loadSubject(db, id, clock.now()), correlationId: `test-${++correlation}` }),
    openFileFor: async (creditor, debtor, principalKwd = 10_000n) =>
      openFile(deps, await world.as(people.clerk), {
        title: titleInput(),
        creditors: [creditor],
        debtors: [debtor],
        claim: { principal: principalKwd * 1000n, costs: 150_000n, fees: 10_000n, interest: 0n },
      }),
  };
  return world;
}
