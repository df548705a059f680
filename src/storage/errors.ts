/** Recognizes PostgreSQL errors by SQLSTATE, the same on pg and PGlite. */
interface PgError {
  code?: string;
  table?: string;
  constraint?: string;
}

export function isUniqueViolation(error: unknown, table?: string): boolean {
  const pgError = error as PgError;
  return pgError?.code === "23505" && (table === undefined || pgError.table === table || (pgError.constraint ?? "").startsWith(table));
}

/** Errors that mean the database is unreachable or restarting, not that the request is wrong. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? "";
  return ["ECONNREFUSED", "ECONNRESET", "57P01", "57P02", "57P03", "08000", "08003", "08006"].includes(code);
}
