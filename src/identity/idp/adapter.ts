/**
 * oidc-provider's storage adapter on our database (table idp_store), so several IdP
 * nodes share sessions, interactions, codes and grants. Expiry follows oidc-provider's
 * own clock (it sets expiresIn); expired rows read as absent and are swept on write.
 */
import { sql } from "kysely";
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { Db } from "../../storage/database.ts";


export function kyselyAdapterFactory(db: Db) {
  let writes = 0;
  return class KyselyAdapter implements Adapter {
    private readonly model: string;

    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const expiresAt = expiresIn ? new Date(Date.now() + expiresIn * 1000) : null;
      await db
        .insertInto("idp_store")
        .values({
          model: this.model,
          id,
          payload: JSON.stringify(payload),
          grant_id: payload.grantId ?? null,
          user_code: payload.userCode ?? null,
          uid: payload.uid ?? null,
          expires_at: expiresAt,
          consumed_at: null,
        })
        .onConflict((conflict) =>
          conflict.columns(["model", "id"]).doUpdateSet({
            payload: JSON.stringify(payload),
            grant_id: payload.grantId ?? null,
            user_code: payload.userCode ?? null,
            uid: payload.uid ?? null,
            expires_at: expiresAt,
          }),
        )
        .execute();
      // Sweep expired rows now and then, so the table does not grow without end.
      if (++writes % 200 === 0) await db.deleteFrom("idp_store").where("expires_at", "<", sql<Date>`now() - interval '1 hour'`).execute();
    }

    private async findWhere(column: "id" | "uid" | "user_code", value: string): Promise<AdapterPayload | undefined> {
      const row = await db
        .selectFrom("idp_store")
        .select(["payload", "expires_at", "consumed_at"])
        .where("model", "=", this.model)
        .where(column, "=", value)
        .executeTakeFirst();
      if (!row || (row.expires_at !== null && row.expires_at.getTime() <= Date.now())) return undefined;
      const payload = row.payload as AdapterPayload;
      return row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) };
    }

    find(id: string) {
      return this.findWhere("id", id);
    }

    findByUid(uid: string) {
      return this.findWhere("uid", uid);
    }

    findByUserCode(userCode: string) {
      return this.findWhere("user_code", userCode);
    }

    async consume(id: string): Promise<void> {
      await db.updateTable("idp_store").set({ consumed_at: new Date() }).where("model", "=", this.model).where("id", "=", id).execute();
    }

    async destroy(id: string): Promise<void> {
      await db.deleteFrom("idp_store").where("model", "=", this.model).where("id", "=", id).execute();
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.deleteFrom("idp_store").where("grant_id", "=", grantId).execute();
    }
  };
}
