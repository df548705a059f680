-- Electronic notices (Art. 5 as amended 2020; Ministerial Resolution 26/2021): each notice
-- to a debtor or creditor, and one delivery attempt per channel (mobile ID app, email,
-- SMS) with its retries, its legal-effect time and its proof of receipt. Notices are
-- written by an outbox handler in the transaction of the change that causes them and
-- sent by the worker's notice-delivery loop outside any transaction.

CREATE TABLE notice_preferences (
  civil_id    text PRIMARY KEY REFERENCES persons,
  language    text NOT NULL DEFAULT 'ar' CHECK (language IN ('ar', 'en')),
  updated_at  timestamptz NOT NULL
);
COMMENT ON TABLE notice_preferences IS 'The language a person receives notices in; no row means Arabic.';

CREATE TABLE notices (
  id                 uuid PRIMARY KEY,
  dedupe_key         text NOT NULL UNIQUE,
  kind               text NOT NULL,
  file_id            uuid NOT NULL REFERENCES enforcement_files,
  procedure_id       uuid REFERENCES procedures,
  recipient_role     text NOT NULL CHECK (recipient_role IN ('debtor', 'creditor')),
  recipient_civil_id text NOT NULL,
  language           text NOT NULL CHECK (language IN ('ar', 'en')),
  subject            text NOT NULL,
  body               text NOT NULL,
  short_text         text NOT NULL,
  status             text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  escalate_at        timestamptz,
  delivered_channel  text,
  legal_effect_at    timestamptz,
  proof              jsonb,
  correlation_id     text,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  CHECK ((status = 'delivered') = (legal_effect_at IS NOT NULL))
);
CREATE INDEX notices_escalate ON notices (escalate_at) WHERE status = 'pending';
CREATE INDEX notices_file ON notices (file_id, created_at);
CREATE INDEX notices_recipient ON notices (recipient_civil_id, created_at);
COMMENT ON TABLE notices IS 'One electronic notice to one person, rendered in their language. dedupe_key makes its creation idempotent. Delivered once any channel has a receipt: legal_effect_at is then the receipt time and proof the channel''s evidence (Resolution 26/2021).';
COMMENT ON COLUMN notices.escalate_at IS 'When the delivery loop next decides which channel to try (the first one, or the next after the fallback delay or a failed channel).';

CREATE TABLE notice_attempts (
  notice_id        uuid NOT NULL REFERENCES notices ON DELETE CASCADE,
  channel          text NOT NULL CHECK (channel IN ('app', 'email', 'sms')),
  address          text NOT NULL,
  status           text NOT NULL CHECK (status IN ('waiting', 'due', 'awaiting_receipt', 'delivered', 'failed', 'superseded')),
  activated_at     timestamptz,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,
  provider_ref     text,
  last_error       text,
  proof            jsonb,
  legal_effect_at  timestamptz,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (notice_id, channel)
);
CREATE INDEX notice_attempts_due ON notice_attempts (next_attempt_at) WHERE status IN ('due', 'awaiting_receipt');
COMMENT ON TABLE notice_attempts IS 'A notice''s delivery over one channel: waiting (not yet tried), due (to send at next_attempt_at), awaiting_receipt (sent, the delivery report is polled), delivered (legal_effect_at + proof), failed (after the last retry or a permanent refusal), superseded (another channel delivered first).';
COMMENT ON COLUMN notice_attempts.address IS 'Where it goes: the civil ID (app), the email address or the phone number registered with the civil-information authority. Personal data: never logged.';
COMMENT ON COLUMN notice_attempts.proof IS 'Evidence of receipt: the app server''s receipt, the SMTP server''s reply after DATA, or the SMS gateway''s delivery report.';

GRANT SELECT, INSERT, UPDATE, DELETE ON notice_preferences, notices, notice_attempts TO tanfeeth_app;
