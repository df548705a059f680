/** Kysely table types for migration 0011 (instalment plans). Kept by hand, next to the SQL. */
import type { Generated } from "kysely";
import type { PlanStatus } from "../../domain/instalments/plan-machine.ts";

type Timestamp = Date;

export interface InstalmentPlansTable {
  id: string;
  file_id: string;
  debtor_party_id: string;
  status: PlanStatus;
  total: bigint;
  outstanding_at_proposal: bigint;
  rule_version: string;
  grace_working_days: number;
  proposed_by: string;
  proposed_at: Timestamp;
  note: string | null;
  order_grounds: string[] | null;
  ordered_by: string | null;
  ordered_at: Timestamp | null;
  in_force_at: Timestamp | null;
  ended_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface InstalmentsTable {
  plan_id: string;
  number: number;
  /** Kuwait date, YYYY-MM-DD (DATE read back as text). */
  due_on: string;
  amount: bigint;
  paid: Generated<bigint>;
  paid_at: Timestamp | null;
  on_time: boolean | null;
}

export interface InstalmentCreditsTable {
  plan_id: string;
  ledger_entry_id: string;
  number: number;
  amount: bigint;
  received_at: Timestamp;
}

export interface InstalmentPlanConsentsTable {
  plan_id: string;
  creditor_party_id: string;
  answer: "agreed" | "refused";
  answered_by: string;
  answered_at: Timestamp;
  reasons: string | null;
}

export interface InstalmentPlanMeasuresTable {
  plan_id: string;
  procedure_id: string;
  lifted_at: Timestamp | null;
  restored_procedure_id: string | null;
}

export interface InstalmentsSchema {
  instalment_plans: InstalmentPlansTable;
  instalments: InstalmentsTable;
  instalment_credits: InstalmentCreditsTable;
  instalment_plan_consents: InstalmentPlanConsentsTable;
  instalment_plan_measures: InstalmentPlanMeasuresTable;
}
