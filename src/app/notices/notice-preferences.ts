/**
 * A person's notice settings: the language notices are written in (Arabic unless they
 * choose English) and, where the design allows a choice, an email address of their own
 * for notices (Resolution 26/2021: the address registered with the civil-information
 * authority, or one given in the case; it replaces the registered one). The phone is
 * always the registered one (SMS goes only to a registered phone) and the mobile ID app
 * is reached by the civil ID, so neither is a preference. A change is an action in the
 * person's stream and applies to notices written from then on.
 */
import { DomainError } from "../../domain/errors.ts";
import { appendActions } from "../../storage/action-log.ts";
import type { NoticeLanguage } from "../../storage/notices/schema.ts";
import { noticePreferencesOf, upsertNoticePreferences } from "../../storage/notices/repository.ts";
import { personExists } from "../../storage/registry/repository.ts";
import { actingRole, authorizeGlobally } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";

export interface NoticePreferences {
  language: NoticeLanguage;
  /** The address given for notices; null: the registered one is used. */
  email: string | null;
  /** What the civil-information authority has on record. */
  registered: { email: string | null; phone: string | null };
  updatedAt: Date | null;
}

export interface PreferencesInput {
  language: NoticeLanguage;
  /** undefined: unchanged; null: back to the registered address. */
  email?: string | null;
}

async function read(db: AppDeps["db"], civilId: string): Promise<NoticePreferences> {
  const person = await noticePreferencesOf(db, civilId);
  if (!person) throw new DomainError("PERSON_NOT_FOUND");
  return { language: person.language ?? "ar", email: person.email, registered: { email: person.registeredEmail, phone: person.registeredPhone }, updatedAt: person.updatedAt };
}

export async function readNoticePreferences(deps: AppDeps, context: UseCaseContext): Promise<NoticePreferences> {
  authorizeGlobally(context.subject, "notice.own");
  return read(deps.db, context.subject.civilId);
}

export async function setNoticePreferences(deps: AppDeps, context: UseCaseContext, input: PreferencesInput): Promise<NoticePreferences> {
  authorizeGlobally(context.subject, "notice.own");
  const now = deps.clock.now();
  const civilId = context.subject.civilId;
  const email = input.email === undefined ? undefined : input.email === null ? null : input.email.trim().toLowerCase();
  if (email !== undefined && email !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new DomainError("VALIDATION_FAILED", { field: "email", reason: "not an email address" });
  await deps.db.transaction().execute(async (tx) => {
    if (!(await personExists(tx, civilId))) throw new DomainError("PERSON_NOT_FOUND");
    await upsertNoticePreferences(tx, civilId, { language: input.language, email }, now);
    await appendActions(tx, [
      {
        stream: `subject:${civilId}`,
        actor: { id: civilId, role: actingRole(context.subject, null) },
        kind: "notice.preferences_set",
        payload: { language: input.language, ...(email !== undefined ? { email } : {}) },
        correlationId: context.correlationId,
        occurredAt: now,
      },
    ]);
  });
  return read(deps.db, civilId);
}
