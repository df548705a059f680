/**
 * A savepoint inside a transaction: `fn` runs after it, and whatever it wrote is undone if
 * it throws (the error is passed on) or if `keep` says so for its result. Used to try a
 * use case's writes and keep none of them (a batch's checks, src/app/request-batch.ts).
 */
import { sql } from "kysely";
import type { Tx } from "./action-log.ts";

let counter = 0;

export async function withSavepoint<T>(tx: Tx, fn: () => Promise<T>, options: { keep: boolean }): Promise<T> {
  const name = sql.raw(`sp_${++counter}`);
  await sql`SAVEPOINT ${name}`.execute(tx);
  try {
    const result = await fn();
    if (options.keep) await sql`RELEASE SAVEPOINT ${name}`.execute(tx);
    else await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(tx);
    return result;
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(tx);
    throw error;
  }
}
