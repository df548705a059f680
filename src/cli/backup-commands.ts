/**
 * `tanfeeth restore --from FILE` (backup: audit-commands.ts). A restore is followed by
 * verify-audit on the restored database: the command succeeds only when the action log's
 * chains and every projection check out, so a backup is proven usable when it is restored.
 */
import type { Config } from "../config.ts";
import { restoreDatabase } from "../storage/backup.ts";
import type { ParsedArgs } from "./args.ts";

function fileFlag(args: ParsedArgs, name: string): string {
  const value = args.flags.get(name);
  if (typeof value !== "string" || value.length === 0) throw new Error(`--${name} needs a file name`);
  return value;
}

export async function restoreCommand(config: Config, args: ParsedArgs, verify: (config: Config) => Promise<number>): Promise<number> {
  const file = fileFlag(args, "from");
  const result = await restoreDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, file);
  console.log(`restored ${file} into ${result.engine === "postgres" ? "the PostgreSQL database (DATABASE_URL)" : config.dataDir}; verifying ...`);
  return verify(config);
}
