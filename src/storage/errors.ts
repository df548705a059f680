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

// SQLSTATEs and socket errors of a server that is away or restarting.
const connectionCodes = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08006"]);
// node-postgres reports a connection lost mid-use without a code, only in these words.
const connectionMessages = [/^Connection terminated/, /is not queryable$/, /^timeout exceeded when trying to connect$/];

/** Errors that mean the database is unreachable or restarting, not that the request is wrong. */
export function isConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code !== undefined && connectionCodes.has(code)) return true;
  return code === undefined && typeof message === "string" && connectionMessages.some((pattern) => pattern.test(message));
}
