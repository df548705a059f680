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

/**
 * Locks the file row for the rest of the transaction: every change to a file serializes on
 * it. Its parties come in the same statement (one round trip, on every use case).
 */
export async function lockFile(tx: Tx, fileId: string): Promise<LockedFile | undefined> {
  return (await lockFiles(tx, [fileId])).get(fileId);
}

/**
 * Locks several files in one statement, in id order (so two such transactions never wait on
 * each other in a cycle). FOR NO KEY UPDATE: it excludes every other change to the files as
 * FOR UPDATE would, but not the key-share locks PostgreSQL takes to check a foreign key, so
 * a row inserted elsewhere that refers to a file (a notice, an order) does not queue behind
 * the file's lock holder — under FOR UPDATE those waits chained into seconds
 * (docs/scaling.md, "At a steady rate the latency is lock waits").
 */
export async function lockFiles(tx: Tx, fileIds: readonly string[]): Promise<Map<string, LockedFile>> {
  if (fileIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom("enforcement_files as f")
    .select([
      "f.id",
      "f.number",
      "f.status",
      "f.claim_total",
      "f.recovered_total",
      sql<{ id: string; party_role: "creditor" | "debtor"; civil_id: string | null; cr_number: string | null }[]>`(
        SELECT coalesce(json_agg(json_build_object('id', fp.id, 'party_role', fp.party_role, 'civil_id', fp.civil_id, 'cr_number', fp.cr_number) ORDER BY fp.party_role, fp.id), '[]'::json)
        FROM file_parties fp WHERE fp.file_id = f.id)`.as("parties"),
    ])
    .where("f.id", "in", [...fileIds])
    .orderBy("f.id")
    .forNoKeyUpdate("f")
    .execute();
  return new Map(
    rows.map((file) => [
      file.id,
      {
        id: file.id,
        number: file.number,
        status: file.status,
        claimTotal: file.claim_total,
        recoveredTotal: file.recovered_total,
        parties: file.parties.map((row) => ({ id: row.id, partyRole: row.party_role, civilId: row.civil_id, crNumber: row.cr_number })),
      },
    ]),
  );
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

/** A debtor party as agencies are told of it: identifier and names (a person or a company), and when the person's identity was last confirmed. */
export interface DebtorForAgencies {
  civilId: string | null;
  crNumber: string | null;
  nameAr: string;
  nameEn: string;
  identityConfirmedAt: Date | null;
}

export async function debtorForAgencies(tx: Tx, partyId: string): Promise<DebtorForAgencies> {
  const row = await tx
    .selectFrom("file_parties as fp")
    .leftJoin("persons as p", "p.civil_id", "fp.civil_id")
    .leftJoin("companies as c", "c.cr_number", "fp.cr_number")
    .select(["fp.civil_id", "fp.cr_number", "p.name_ar as person_ar", "p.name_en as person_en", "c.name_ar as company_ar", "c.name_en as company_en", "p.identity_confirmed_at"])
    .where("fp.id", "=", partyId)
    .executeTakeFirstOrThrow();
  return {
    civilId: row.civil_id,
    crNumber: row.cr_number,
    nameAr: (row.person_ar ?? row.company_ar)!,
    nameEn: (row.person_en ?? row.company_en)!,
    identityConfirmedAt: row.identity_confirmed_at,
  };
}
