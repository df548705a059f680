/**
 * The file's timeline in a real browser, in Arabic and in English, after a payment, an
 * instalment plan, a dispute and a disclosure on the file: every entry shows its kind's own
 * label from the registry of action kinds (src/domain/audit/action-kinds.ts) and its
 * one-sentence description — never a generic "Action recorded" or a raw kind code. The
 * creditor sees what the parties may see; the clerk sees the staff-only entries too.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { grantedDisclosure } from "../support/disclosure.ts";
import { actionKinds, isActionKind } from "../../src/domain/audit/action-kinds.ts";
import { launchBrowser, chooseLanguage, signInDirectly, skipWithoutChromium, startWebWorld, webPeople, type WebWorld } from "./web-world.ts";

let world: WebWorld;

before(async () => {
  if (skipWithoutChromium) return;
  world = await startWebWorld();
  const db = world.exchange.database.db;
  const debtor = await db.selectFrom("file_parties").select("id").where("file_id", "=", world.busyFile).where("party_role", "=", "debtor").executeTakeFirstOrThrow();
  await grantedDisclosure(world.exchange.world, { fileId: world.busyFile, debtorPartyId: debtor.id, creditor: webPeople.creditor.civilId });
  await world.exchange.settle();
});
after(() => world?.close());

for (const lang of ["ar", "en"] as const) {
  for (const reader of ["creditor", "clerk"] as const) {
    test(`every timeline entry has its own label and sentence (${reader}, ${lang})`, { skip: skipWithoutChromium }, async () => {
      const browser = await launchBrowser();
      try {
        await chooseLanguage(browser.context, world, lang);
        await signInDirectly(browser.context, world, webPeople[reader].civilId);
        const page = await browser.context.newPage();
        await page.goto(`${world.baseUrl}/app/files/${world.busyFile}`);
        await page.waitForSelector("#timeline li");
        const more = page.locator("#timeline + button");
        if ((await more.count()) > 0) await more.click();
        const entries = await page.locator("#timeline > li").evaluateAll((items) =>
          items.map((item) => ({ kind: item.getAttribute("data-kind") ?? "", label: item.querySelector(".timeline-what strong")?.textContent?.trim() ?? "", sentence: item.querySelector(".timeline-description")?.textContent?.trim() ?? "" })),
        );
        const kinds = new Set(entries.map((entry) => entry.kind));
        for (const wanted of ["ledger.payment", "payment.captured", "instalment_plan.propose", "dispute.file", "disclosure.request"]) assert.ok(kinds.has(wanted), `${wanted} on the timeline (${[...kinds].join(", ")})`);
        for (const entry of entries) {
          assert.ok(isActionKind(entry.kind), `${entry.kind} is registered`);
          const spec = actionKinds[entry.kind as keyof typeof actionKinds];
          assert.equal(entry.label, spec.label[lang], `${entry.kind}: its own label`);
          assert.equal(entry.sentence, spec.description[lang], `${entry.kind}: its sentence`);
          assert.doesNotMatch(entry.label, /Action recorded|تم تسجيل إجراء|^[a-z_]+\.[a-zA-Z_.]+$/, `${entry.kind}: not a generic label or a code`);
        }
        if (reader === "creditor") assert.ok(entries.every((entry) => actionKinds[entry.kind as keyof typeof actionKinds].audience === "parties"), "the creditor sees only what parties may see");
      } finally {
        await browser.close();
      }
    });
  }
}
