/** Reads and writes of enforcement files and their parties, for the use cases. */
import { sql } from "kysely";
import type { Tx } from "./action-log.ts";
import type { Db } from "./database.ts";
import type { FileStatus } from "./schema.ts";

export interface FileParty {
  id: string;
  partyRole: "creditor" | "debtor";
  civilId: string | null;
  crNumber: string | null;
}

export interface LockedFile {
  id: string;
  number: string;
  status: FileStatus;
  claimTotal: bigint;
  recoveredTotal: bigint;
  parties: FileParty[];
}

/** Locks the file row for the rest of the transaction: every change to a file serializes on it. */
export async function lockFile(tx: Tx, fileId: string): Promise<LockedFile | undefined> {
  const file = await tx
    .selectFrom("enforcement_files")
    .select(["id", "number", "status", "claim_total", "recovered_total"])
    .where("id", "=", fileId)
    .forUpdate()
    .executeTakeFirst();
  if (!file) return undefined;
  return {
    id: file.id,
    number: file.number,
    status: file.status,
    claimTotal: file.claim_total,
    recoveredTotal: file.recovered_total,
    parties: await fileParties(tx, fileId),
  };
}

export async function fileParties(db: Db | Tx, fileId: string): Promise<FileParty[]> {
  const rows = await db
    .selectFrom("file_parties")
    .select(["id", "party_role", "civil_id", "cr_number"])
    .where("file_id", "=", fileId)
    .orderBy("party_role")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({ id: row.id, partyRole: row.party_role, civilId: row.civil_id, crNumber: row.cr_number }));
}

export async function nextFileSequence(tx: Tx): Promise<number> {
  const { rows } = await sql<{ value: bigint }>`SELECT nextval('enforcement_file_sequence') AS value`.execute(tx);
  return Number(rows[0]!.value);
}
