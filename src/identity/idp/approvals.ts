/**
 * Requests pushed to a person's phone (the stand-in for the mobile ID app): approve a
 * sign-in, or sign a request. Each expires two minutes after it was pushed. Repeated
 * failed, rejected or expired sign-ins for a civil ID lock its sign-in for a while.
 * Time comes from an injected Clock. Every decision is an action on the person's stream.
 */
import { randomInt, randomUUID } from "node:crypto";
import type { Clock } from "../../app/clock.ts";
import { subjectStream } from "../../app/signing-requests.ts";
import { DomainError } from "../../domain/errors.ts";
import type { ActionKind, PayloadOf } from "../../domain/audit/action-kinds.ts";
import { actionOf, appendActions, type Tx } from "../../storage/action-log.ts";
import type { Db } from "../../storage/database.ts";
import type { CivilInformation } from "./civil-information.ts";
import type { ApprovalStatus, IdpApprovalsTable } from "../../storage/identity/schema.ts";

export const APPROVAL_TTL_MS = 2 * 60_000;
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;

export type Approval = IdpApprovalsTable;

const idpActor = { id: "idp", role: "identity_provider" };

export class Approvals {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly civilInformation: CivilInformation;
  /** Makes the signing proof for an approved signing request (the provider's key). */
  private readonly signProof: (approval: Approval, now: Date) => Promise<string>;

  constructor(
    db: Db,
    clock: Clock,
    civilInformation: CivilInformation,
    signProof: (approval: Approval, now: Date) => Promise<string>,
  ) {
    this.db = db;
    this.clock = clock;
    this.civilInformation = civilInformation;
    this.signProof = signProof;
  }

  private async log<K extends ActionKind>(tx: Tx, civilId: string, kind: K, payload: PayloadOf<K>, now: Date) {
    await appendActions(tx, [actionOf<K>({ stream: subjectStream(civilId), actor: idpActor, kind, payload, correlationId: `idp-${randomUUID()}`, occurredAt: now })]);
  }

  /** Whether the civil-information authority knows this person (the provider never signs in someone it cannot vouch for). */
  async personExists(civilId: string): Promise<boolean> {
    return (await this.civilInformation.person(civilId)) !== null;
  }

  async isLocked(civilId: string): Promise<boolean> {
    const since = new Date(this.clock.now().getTime() - LOCKOUT_WINDOW_MS);
    const row = await this.db
      .selectFrom("idp_sign_in_failures")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("civil_id", "=", civilId)
      .where("failed_at", ">", since)
      .executeTakeFirstOrThrow();
    return Number(row.n) >= LOCKOUT_FAILURES;
  }

  async recordFailure(civilId: string, reason: string, tx?: Tx): Promise<void> {
    const now = this.clock.now();
    const work = async (trx: Tx) => {
      await trx.insertInto("idp_sign_in_failures").values({ civil_id: civilId, reason, failed_at: now }).execute();
      await this.log(trx, civilId, "idp.sign_in_failed", { reason }, now);
    };
    if (tx) await work(tx);
    else await this.db.transaction().execute(work);
  }

  private code(): string {
    return String(randomInt(10, 100));
  }

  /** Pushes a sign-in approval for an interaction (a second civil ID typed in the same interaction replaces the first). */
  async startSignIn(civilId: string, clientId: string, interactionUid: string): Promise<Approval> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (tx) => {
      const previous = await tx.selectFrom("idp_approvals").select(["id", "status"]).where("interaction_uid", "=", interactionUid).executeTakeFirst();
      if (previous && previous.status !== "pending") throw new DomainError("APPROVAL_DECIDED");
      if (previous) await tx.deleteFrom("idp_approvals").where("id", "=", previous.id).execute();
      const approval: Approval = {
        id: randomUUID(),
        kind: "sign_in",
        civil_id: civilId,
        client_id: clientId,
        interaction_uid: interactionUid,
        purpose: null,
        summary_ar: "طلب تسجيل دخول إلى نظام التنفيذ عن بُعد",
        summary_en: "Sign-in request to the remote enforcement system",
        digest: null,
        code: this.code(),
        status: "pending",
        created_at: now,
        expires_at: new Date(now.getTime() + APPROVAL_TTL_MS),
        decided_at: null,
        proof: null,
      };
      await tx.insertInto("idp_approvals").values(approval).execute();
      return approval;
    });
  }

  async startSigning(input: { civilId: string; clientId: string; purpose: string; digest: string; summary: { ar: string; en: string } }): Promise<Approval> {
    const now = this.clock.now();
    const approval: Approval = {
      id: randomUUID(),
      kind: "signing",
      civil_id: input.civilId,
      client_id: input.clientId,
      interaction_uid: null,
      purpose: input.purpose,
      summary_ar: input.summary.ar,
      summary_en: input.summary.en,
      digest: input.digest,
      code: this.code(),
      status: "pending",
      created_at: now,
      expires_at: new Date(now.getTime() + APPROVAL_TTL_MS),
      decided_at: null,
      proof: null,
    };
    await this.db.insertInto("idp_approvals").values(approval).execute();
    return approval;
  }

  /** A pending approval past its time becomes expired (recorded once; an expired sign-in counts as a failure). */
  private async settle(row: Approval | undefined): Promise<Approval | undefined> {
    if (!row || row.status !== "pending") return row;
    const now = this.clock.now();
    if (now < row.expires_at) return row;
    return this.db.transaction().execute(async (tx) => {
      const expired = await tx
        .updateTable("idp_approvals")
        .set({ status: "expired", decided_at: now })
        .where("id", "=", row.id)
        .where("status", "=", "pending")
        .returningAll()
        .executeTakeFirst();
      if (!expired) return tx.selectFrom("idp_approvals").selectAll().where("id", "=", row.id).executeTakeFirst();
      await this.log(tx, row.civil_id, "idp.approval.expired", { approvalId: row.id, kind: row.kind }, now);
      if (row.kind === "sign_in") await this.recordFailure(row.civil_id, "expired", tx);
      return expired;
    });
  }

  async get(id: string): Promise<Approval | undefined> {
    return this.settle(await this.db.selectFrom("idp_approvals").selectAll().where("id", "=", id).executeTakeFirst());
  }

  async forInteraction(uid: string): Promise<Approval | undefined> {
    return this.settle(await this.db.selectFrom("idp_approvals").selectAll().where("interaction_uid", "=", uid).executeTakeFirst());
  }

  /** What the person's phone shows now: their pending, unexpired requests, newest first. */
  async pendingFor(civilId: string): Promise<Approval[]> {
    const rows = await this.db
      .selectFrom("idp_approvals")
      .selectAll()
      .where("civil_id", "=", civilId)
      .where("status", "=", "pending")
      .orderBy("created_at", "desc")
      .execute();
    const settled = await Promise.all(rows.map((row) => this.settle(row)));
    return settled.filter((row): row is Approval => row?.status === "pending");
  }

  /** The person answers on their phone. Only their own, only while pending and in time. */
  async decide(id: string, civilId: string, decision: "approve" | "reject"): Promise<Approval> {
    const row = await this.get(id);
    if (!row || row.civil_id !== civilId) throw new DomainError("NOT_FOUND", { approvalId: id });
    // A sign-in typed with a civil ID nobody holds reaches no phone: it can only expire.
    if (row.kind === "sign_in" && !(await this.personExists(civilId))) throw new DomainError("NOT_FOUND", { approvalId: id });
    if (row.status === "expired") throw new DomainError("APPROVAL_EXPIRED");
    if (row.status !== "pending") throw new DomainError("APPROVAL_DECIDED", { status: row.status });
    const now = this.clock.now();
    const status: ApprovalStatus = decision === "approve" ? "approved" : "rejected";
    const proof = status === "approved" && row.kind === "signing" ? await this.signProof(row, now) : null;
    return this.db.transaction().execute(async (tx) => {
      const decided = await tx
        .updateTable("idp_approvals")
        .set({ status, decided_at: now, proof })
        .where("id", "=", id)
        .where("status", "=", "pending")
        .returningAll()
        .executeTakeFirst();
      if (!decided) throw new DomainError("APPROVAL_DECIDED");
      await this.log(tx, row.civil_id, `idp.approval.${status}`, { approvalId: id, kind: row.kind, ...(row.digest ? { digest: row.digest } : {}) }, now);
      if (row.kind === "sign_in" && status === "rejected") await this.recordFailure(row.civil_id, "rejected", tx);
      return decided;
    });
  }
}
