-- Instalment plans (Arts. 292–293: instalments with the creditor's consent, ordered by a
-- judge where the rules need it). The debtor proposes a schedule and the measures to lift
-- while it is kept; every creditor of the file answers; in force, those measures are
-- lifted through their agencies; credits received on the file pay the instalments in
-- order; a missed instalment defaults the plan and the lifted measures are restored as
-- new procedures with new orders. Every change is also an action (instalment_plan.*).

CREATE TABLE instalment_plans (
  id                      uuid PRIMARY KEY,
  file_id                 uuid NOT NULL REFERENCES enforcement_files (id),
  debtor_party_id         uuid NOT NULL REFERENCES file_parties (id),
  status                  text NOT NULL CHECK (status IN ('proposed', 'agreed', 'in_force', 'completed', 'defaulted', 'refused', 'declined', 'lapsed')),
  total                   bigint NOT NULL CHECK (total > 0),
  outstanding_at_proposal bigint NOT NULL CHECK (outstanding_at_proposal >= total),
  rule_version            text NOT NULL,
  grace_working_days      smallint NOT NULL CHECK (grace_working_days >= 0),
  proposed_by             text NOT NULL,
  proposed_at             timestamptz NOT NULL,
  note                    text,
  order_grounds           text[],
  ordered_by              text,
  ordered_at              timestamptz,
  in_force_at             timestamptz,
  ended_at                timestamptz,
  updated_at              timestamptz NOT NULL,
  CHECK ((status IN ('in_force', 'completed', 'defaulted')) = (in_force_at IS NOT NULL)),
  CHECK ((ordered_by IS NULL) = (ordered_at IS NULL))
);
COMMENT ON TABLE instalment_plans IS 'Instalment plans: the projection of the instalment_plan.* actions. While one is in force the measures it names are lifted and no new measure is requested against its debtor (INSTALMENT_PLAN_IN_FORCE).';
COMMENT ON COLUMN instalment_plans.rule_version IS 'The rule version in force when proposed: it judges the schedule, whether a judge must order the plan, and the grace for payment.';
COMMENT ON COLUMN instalment_plans.grace_working_days IS 'Working days after a due date by which the instalment must be received, from the rule version: part of the plan''s terms.';
COMMENT ON COLUMN instalment_plans.order_grounds IS 'Why a judge''s order was needed (amount, travel_ban), decided when every creditor had consented; empty: the consent sufficed; null: not yet decided.';
CREATE UNIQUE INDEX instalment_plans_one_open ON instalment_plans (file_id, debtor_party_id) WHERE status IN ('proposed', 'agreed', 'in_force');
CREATE INDEX instalment_plans_in_force ON instalment_plans (in_force_at) WHERE status = 'in_force';

CREATE TABLE instalments (
  plan_id  uuid NOT NULL REFERENCES instalment_plans (id),
  number   smallint NOT NULL CHECK (number > 0),
  due_on   date NOT NULL,
  amount   bigint NOT NULL CHECK (amount > 0),
  paid     bigint NOT NULL DEFAULT 0 CHECK (paid >= 0 AND paid <= amount),
  paid_at  timestamptz,
  on_time  boolean,
  PRIMARY KEY (plan_id, number),
  CHECK ((paid_at IS NOT NULL) = (paid = amount)),
  CHECK ((on_time IS NULL) = (paid_at IS NULL))
);
COMMENT ON TABLE instalments IS 'A plan''s schedule (Kuwait dates, fils) and what each instalment has received; paid_at is when it was fully received (on time if by the end of the Kuwait working day it fell due, plus the grace of the rules); on_time says whether it was, by the calendar in force when it was received.';

CREATE TABLE instalment_credits (
  plan_id          uuid NOT NULL REFERENCES instalment_plans (id),
  ledger_entry_id  uuid NOT NULL REFERENCES ledger_entries (id),
  number           smallint NOT NULL,
  amount           bigint NOT NULL CHECK (amount > 0),
  received_at      timestamptz NOT NULL,
  PRIMARY KEY (plan_id, ledger_entry_id, number),
  FOREIGN KEY (plan_id, number) REFERENCES instalments (plan_id, number)
);
COMMENT ON TABLE instalment_credits IS 'Which credit on the file (payment or recovery, however it arrived: cashier, transfer, gateway) paid which instalment, and how much: credits are matched to instalments by amount and time received, earliest instalment first.';

CREATE TABLE instalment_plan_consents (
  plan_id            uuid NOT NULL REFERENCES instalment_plans (id),
  creditor_party_id  uuid NOT NULL REFERENCES file_parties (id),
  answer             text NOT NULL CHECK (answer IN ('agreed', 'refused')),
  answered_by        text NOT NULL,
  answered_at        timestamptz NOT NULL,
  reasons            text,
  PRIMARY KEY (plan_id, creditor_party_id)
);
COMMENT ON TABLE instalment_plan_consents IS 'Each creditor''s answer to a proposed plan (in person or by a lawyer with the waive scope): the plan is agreed once every creditor of the file agreed.';

CREATE TABLE instalment_plan_measures (
  plan_id                uuid NOT NULL REFERENCES instalment_plans (id),
  procedure_id           uuid NOT NULL REFERENCES procedures (id),
  lifted_at              timestamptz,
  restored_procedure_id  uuid REFERENCES procedures (id),
  PRIMARY KEY (plan_id, procedure_id)
);
COMMENT ON TABLE instalment_plan_measures IS 'The measures a plan''s terms lift while it is kept: lifted (lift orders to their agencies) when it comes into force; on default each is restored as a new procedure (restored_procedure_id) with new orders, or referred to the judge, as the rules say.';

GRANT SELECT, INSERT, UPDATE ON instalment_plans, instalments, instalment_plan_consents, instalment_plan_measures TO tanfeeth_app;
GRANT SELECT, INSERT ON instalment_credits TO tanfeeth_app;
REVOKE DELETE, TRUNCATE ON instalment_plans, instalments, instalment_plan_consents, instalment_plan_measures, instalment_credits FROM tanfeeth_app;
REVOKE UPDATE ON instalment_credits FROM tanfeeth_app;
