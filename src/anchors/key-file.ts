/**
 * The development key that signs audit checkpoints when AUDIT_CHECKPOINT_JWK is unset: a
 * private JWK in a file beside the data (mode 0600), made once, exclusively (two processes
 * starting together: one writes it, the other reads it). Not in the database, so the
 * database's superuser cannot sign checkpoints with it. Production sets AUDIT_CHECKPOINT_JWK.
 */
import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import type { JWK } from "jose";

export async function loadOrCreateKeyFile(file: string, create: () => Promise<JWK>): Promise<JWK> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const jwk = await create();
  try {
    const handle = await open(file, "wx", 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(jwk)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return jwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return JSON.parse(await readFile(file, "utf8")) as JWK;
  }
}
