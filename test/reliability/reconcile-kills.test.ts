/**
 * The three-kill run (issue 17): the real `tanfeeth start` (hub, worker and the stand-in
 * agencies in one process, the stand-ins keeping their state in their own SQLite store) is
 * sent a bulk job of bank attachments on every bank — RECONCILE_ROWS rows × 10 banks orders —
 * and SIGKILLed RECONCILE_KILLS times while it carries them out, restarted each time. Then:
 *   - every order reaches a final answer (after the last restart: the hub's start-up status
 *     sweep, the banks' kept outboxes and the silence sweep bring them home);
 *   - no effect twice: one procedure per row, one order per (procedure, bank), and each bank
 *     holds exactly what the hub counts for every order;
 *   - the cap held: what is held for a file never exceeds what is outstanding, nor the attachment;
 *   - `tanfeeth verify-audit` is clean.
 * In `npm test`: 20 rows (200 orders), one kill. `npm run soak:reconcile`: 200 rows (2,000
 * orders), three kills. PGlite by default; PostgreSQL with TEST_DATABASE_URL (a fresh database).
 * Waits are generous and only stop a hung run; the seconds are printed, not judged.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { systemClock } from "../../src/app/clock.ts";
import { makeDeps } from "../../src/app/deps.ts";
import { createMachineClient } from "../../src/app/machine-clients.ts";
import { readFile as readEnforcementFile } from "../../src/app/read-files.ts";
import { registerPersons } from "../../src/app/registry.ts";
import { attestTitleService } from "../../src/app/title-service/attest-title-service.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { commercialBankCodes, makeCivilId } from "../../src/domain/identifiers/index.ts";
import { openDatabase, type Database } from "../../src/storage/database.ts";
import type { Db } from "../../src/storage/database.ts";
import { runTanfeeth, startTanfeeth, tempDir, type StartedProcess } from "../support/child.ts";
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from "../support/database.ts";
import { buildWorld, companyCr, people } from "../support/fixtures.ts";
import { freePort } from "../support/private-postgres.ts";

const ROWS = Number(process.env.RECONCILE_ROWS ?? 20);
const KILLS = Number(process.env.RECONCILE_KILLS ?? 1);
const ORDERS = ROWS * commercialBankCodes.length;
const ENGINE = testDatabaseUrl ? "PostgreSQL" : "PGlite";
const KD = 1000n;
const OPEN_STATUSES = ["pending", "sent", "acknowledged", "lift_requested", "lift_sent"];
/** Generous: only stops a hung run on a busy machine. */
const SETTLE_PATIENCE_MS = 10 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Figures {
  orders: number;
  open: number;
  byStatus: Record<string, number>;
  statusQueries: number;
  procedures: number;
  rowsCreated: number;
  capBreaches: string[];
  held: Map<string, bigint>;
}

/** What the hub's database says (PGlite: read from a backup taken through the running process's admin socket). */
async function figures(db: Db, fileIds: readonly string[]): Promise<Figures> {
  const orders = await db
    .selectFrom("agency_orders")
    .select(["id", "status", "amount_held", "agency_key", "procedure_id"])
    .where("file_id", "in", [...fileIds])
    .execute();
  const byStatus: Record<string, number> = {};
  for (const order of orders) byStatus[order.status] = (byStatus[order.status] ?? 0) + 1;
  const statusQueries = await db.selectFrom("agency_messages").select((eb) => eb.fn.countAll<string>().as("n")).where("direction", "=", "out").where("message_type", "=", "order.status").executeTakeFirstOrThrow();
  const rows = await db.selectFrom("bulk_rows").select(["status", "procedure_id"]).execute();
  const procedures = await db.selectFrom("procedures").select((eb) => eb.fn.countAll<string>().as("n")).where("file_id", "in", [...fileIds]).executeTakeFirstOrThrow();
  const files = await db
    .selectFrom("enforcement_files as f")
    .leftJoin("agency_orders as o", "o.file_id", "f.id")
    .select((eb) => ["f.id", "f.claim_total", "f.recovered_total", eb.fn.coalesce(eb.fn.sum<bigint>("o.amount_held"), eb.val(0n)).as("held")])
    .where("f.id", "in", [...fileIds])
    .groupBy(["f.id", "f.claim_total", "f.recovered_total"])
    .execute();
  const capBreaches: string[] = [];
  for (const file of files) {
    const held = BigInt(file.held);
    const outstanding = BigInt(file.claim_total) - BigInt(file.recovered_total);
    if (held > outstanding) capBreaches.push(`${file.id}: held ${held} > outstanding ${outstanding}`);
    if (held > ATTACHMENT) capBreaches.push(`${file.id}: held ${held} > attachment ${ATTACHMENT}`);
  }
  const pairs = new Set(orders.map((order) => `${order.procedure_id} ${order.agency_key}`));
  assert.equal(pairs.size, orders.length, "one order per (procedure, bank)");
  return {
    orders: orders.length,
    open: orders.filter((order) => OPEN_STATUSES.includes(order.status)).length,
    byStatus,
    statusQueries: Number(statusQueries.n),
    procedures: Number(procedures.n),
    rowsCreated: rows.filter((row) => row.status === "created").length,
    capBreaches,
    held: new Map(orders.map((order) => [order.id, BigInt(order.amount_held)])),
  };
}

const ATTACHMENT = 1_000n * KD;

test(`${ENGINE}: ${ORDERS} orders from a bulk job, tanfeeth start SIGKILLed ${KILLS} time(s): every order final, no effect twice, the cap held, the audit clean`, { timeout: 60 * 60_000 }, async () => {
  const dataDir = await tempDir("tanfeeth-reconcile");
  let pg: TestDatabase | undefined;
  let setup: Database;
  if (testDatabaseUrl) {
    pg = await createTestDatabase();
    setup = pg;
  } else {
    setup = await openDatabase({ dataDir, migrate: true });
  }
  try {
    // ---- the world: a company creditor, ROWS debtors and files, the title served, a machine client
    const world = await buildWorld(setup.db);
    const deps = makeDeps(setup.db, systemClock);
    const clerk = await world.as(people.clerk);
    const company = await world.as(people.companyRep);
    const files: { id: string; debtorPartyId: string }[] = [];
    let serial = 6100;
    for (let index = 0; index < ROWS; index++) {
      let civilId = null;
      while (!civilId) civilId = makeCivilId({ year: 1981, month: 3, day: 9 }, serial++);
      await registerPersons(deps, { subject: systemSubject, correlationId: "reconcile-setup" }, [{ civilId, nameAr: "مدين", nameEn: "Debtor", nationality: "KWT", email: null, phone: null }]);
      const file = await world.openFileFor({ crNumber: companyCr }, { civilId }, 1_000n);
      const detail = await readEnforcementFile(deps, company, file.id);
      const debtorPartyId = detail.parties.find((party) => party.party_role === "debtor")!.id;
      await attestTitleService(deps, clerk, { fileId: file.id, debtorPartyId, servedAt: new Date(Date.now() - 2 * 86_400_000), reference: `PS-${file.id}` });
      files.push({ id: file.id, debtorPartyId });
    }
    const client = await createMachineClient(deps, { subject: systemSubject, correlationId: "reconcile-setup" }, { crNumber: companyCr, name: "Reconcile kills", scopes: ["files:read", "procedures:request"] });
    const fileIds = files.map((file) => file.id);
    if (!pg) await setup.close();

    // ---- tanfeeth start, on fixed ports (the banks answer the same hub after each restart)
    const [port, simulatorsPort, noticesPort, paymentsPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const env: Record<string, string> = {
      TANFEETH_DATA_DIR: dataDir,
      ...(pg ? { DATABASE_URL: pg.url!, DATABASE_POOL_SIZE: "6" } : {}),
      PORT: String(port),
      HOST: "127.0.0.1",
      SIMULATORS_PORT: String(simulatorsPort),
      NOTICE_STANDINS_PORT: String(noticesPort),
      PAYMENTS_STANDIN_PORT: String(paymentsPort),
      // A bulk job of a company without a fee account: orders leave without waiting for fees (docs/payments.md).
      FEES_BEFORE_DISPATCH: "false",
      LOG_LEVEL: "warn",
    };
    const hubUrl = `http://127.0.0.1:${port}`;
    const simulatorsUrl = `http://127.0.0.1:${simulatorsPort}`;
    let server: StartedProcess = startTanfeeth(["start"], env);
    await server.waitFor(/tanfeeth is running/);

    const token = await (async () => {
      const response = await fetch(`${hubUrl}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}` },
        body: "grant_type=client_credentials",
      });
      assert.equal(response.status, 200, await response.clone().text());
      return ((await response.json()) as { access_token: string }).access_token;
    })();
    const rows = files.map((file, index) => ({ reference: `RK-${index + 1}`, kind: "bank_attachment", fileId: file.id, debtorPartyId: file.debtorPartyId, amount: "1000.000", banks: "all" }));
    const submitted = await fetch(`${hubUrl}/api/v1/bulk-jobs`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ reference: "RECONCILE-KILLS", rows }) });
    assert.equal(submitted.status, 202, await submitted.clone().text());

    /** Orders the stand-in banks hold (their own store, restored after each kill). */
    const bankOrders = async (): Promise<{ orderId: string; totalFrozen: string; status: string }[]> => {
      const all = [];
      for (const code of commercialBankCodes) {
        const response = await fetch(`${simulatorsUrl}/control/agencies/bank:${code}`);
        all.push(...((await response.json()) as { state: { orders: { orderId: string; totalFrozen: string; status: string }[] } }).state.orders);
      }
      return all;
    };

    /** Messages the stand-in banks accepted since this process started (their receipts said "accepted"). */
    const acceptedNow = async (): Promise<number> => {
      const response = await fetch(`${simulatorsUrl}/control/agencies`);
      const agencies = (await response.json()) as { agency: string; counters: { messagesAccepted: number } }[];
      return agencies.filter((agency) => agency.agency.startsWith("bank:")).reduce((total, agency) => total + agency.counters.messagesAccepted, 0);
    };

    // ---- the kills: each while the banks are receiving (orders, lifts, status queries), a moment after the first arrives
    const killedAt: string[] = [];
    let seed = 17;
    for (let kill = 1; kill <= KILLS; kill++) {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && (await acceptedNow().catch(() => 0)) === 0) await sleep(50);
      seed = (seed * 1103515245 + 12345) % 2147483648;
      await sleep(100 + (seed % 500));
      const accepted = await acceptedNow().catch(() => -1);
      const held = (await bankOrders().catch(() => [])).length;
      await server.kill();
      killedAt.push(`${accepted} messages accepted by the banks in that run, ${held}/${ORDERS} orders at the banks`);
      server = startTanfeeth(["start"], env);
      await server.waitFor(/tanfeeth is running/);
    }
    const restartedAt = Date.now();

    // ---- every order final
    const read = async (): Promise<Figures> => {
      if (pg) return figures(pg.db, fileIds);
      const backup = path.join(dataDir, "..", `${path.basename(dataDir)}-poll.tgz`);
      const taken = await runTanfeeth(["backup", "--out", backup], { TANFEETH_DATA_DIR: dataDir });
      assert.equal(taken.code, 0, taken.output);
      const copy = await openDatabase({ loadDataDir: new Blob([readFileSync(backup)]), appRole: null });
      try {
        return await figures(copy.db, fileIds);
      } finally {
        await copy.close();
      }
    };
    let current = await read();
    while (!(current.orders === ORDERS && current.open === 0 && current.rowsCreated === ROWS)) {
      assert.ok(Date.now() - restartedAt < SETTLE_PATIENCE_MS, `not settled: ${JSON.stringify({ ...current, held: undefined })}`);
      await sleep(pg ? 1_000 : 3_000);
      current = await read();
    }
    const finalSeconds = (Date.now() - restartedAt) / 1000;

    // ---- no effect twice: the banks hold exactly what the hub counts, order by order (once their replies are all in)
    const idle = await fetch(`${simulatorsUrl}/control/idle?timeoutMs=120000`, { method: "POST" });
    assert.equal(idle.status, 200, await idle.clone().text());
    await sleep(2_000);
    current = await read();
    const atBanks = await bankOrders();
    const mismatches: string[] = [];
    for (const order of atBanks) {
      const hub = current.held.get(order.orderId);
      if (hub === undefined) continue;
      const bank = order.status === "standing" ? BigInt(order.totalFrozen) : 0n;
      if (bank !== hub) mismatches.push(`${order.orderId}: bank ${bank}, hub ${hub}`);
    }
    assert.equal(current.procedures, ROWS, "one procedure per row");
    assert.equal(current.orders, ORDERS);
    assert.equal(atBanks.length, ORDERS, "each bank received each of its orders once");
    assert.deepEqual(mismatches, [], "duplicated or lost effects");
    assert.deepEqual(current.capBreaches, [], "the cap");

    // ---- the audit, after a clean stop
    const stopped = await server.stop("SIGINT");
    assert.equal(stopped.code, 0, stopped.output.slice(-2000));
    const audit = await runTanfeeth(["verify-audit"], pg ? { DATABASE_URL: pg.url!, TANFEETH_DATA_DIR: dataDir } : { TANFEETH_DATA_DIR: dataDir });
    assert.equal(audit.code, 0, audit.output);
    assert.match(audit.output, /audit chain intact/);

    const held = [...current.held.values()].reduce((total, value) => total + value, 0n);
    console.log(
      `reconcile kills (${ENGINE}): ${ROWS} rows, ${current.orders} orders, ${KILLS} SIGKILL(s) [${killedAt.join("; ")}]; ` +
        `all final ${finalSeconds.toFixed(1)} s after the last restart; not final 0; statuses ${JSON.stringify(current.byStatus)}; ` +
        `status queries ${current.statusQueries}; bank/hub mismatches ${mismatches.length}; cap breaches ${current.capBreaches.length}; held ${held / KD} KD; verify-audit clean`,
    );
  } finally {
    await pg?.drop();
  }
});


