/**
 * `tanfeeth backup --out FILE` and `tanfeeth restore --from FILE`. A restore is followed by
 * verify-audit on the restored database: the command succeeds only when the action log's
 * chains and every projection check out, so a backup is proven usable when it is restored.
 */
import type { Config } from "../config.ts";
import { backupDatabase, restoreDatabase } from "../storage/backup.ts";
import type { ParsedArgs } from "./args.ts";

function fileFlag(args: ParsedArgs, name: string): string {
  const value = args.flags.get(name);
  if (typeof value !== "string" || value.length === 0) throw new Error(`--${name} needs a file name`);
  return value;
}

export async function backupCommand(config: Config, args: ParsedArgs): Promise<number> {
  const started = performance.now();
  const result = await backupDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, fileFlag(args, "out"));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`backup written: ${result.file} (${result.engine}, ${result.bytes} bytes, ${seconds} s)`);
  return 0;
}

export async function restoreCommand(config: Config, args: ParsedArgs, verify: (config: Config) => Promise<number>): Promise<number> {
  const file = fileFlag(args, "from");
  const result = await restoreDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, file);
  console.log(`restored ${file} into ${result.engine === "postgres" ? "the PostgreSQL database (DATABASE_URL)" : config.dataDir}; verifying ...`);
  return verify(config);
}
