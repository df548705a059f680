/**
 * A world for the web application's browser tests and screenshots: the real exchange
 * (hub API serving web/dist, stand-in agencies over HTTP, the stand-in card gateway, the
 * worker's money pass), named people known to the civil-information stand-in — creditors,
 * debtors, a clerk, a judge, an auditor and the officer of a bank without an integration
 * (its orders are answered in the agency portal) — and files in every state the pages show:
 * measures answered by the banks, a travel ban before the judge, files whose debtor has
 * funds frozen, a car flagged and a ban at the ports, orders waiting at the portal bank,
 * and the back office's other work (a document to verify, a title submitted online, an
 * enforcement dispute, an instalment plan for the judge).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { fileDispute } from "../../src/app/disputes/file-dispute.ts";
import { decideProcedure } from "../../src/app/decide-procedure.ts";
import { issueDocument } from "../../src/app/documents/issue-document.ts";
import { diskDocumentServices } from "../../src/documents/services.ts";
import { uploadDocument } from "../../src/app/documents/upload-document.ts";
import { answerPlan } from "../../src/app/instalments/answer-plan.ts";
import { proposePlan } from "../../src/app/instalments/propose-plan.ts";
import { openFile } from "../../src/app/open-file.ts";
import { startDebtPayment } from "../../src/app/payments/start-payment.ts";
import { grantStaffRole, registerPersons, type PersonRecord } from "../../src/app/registry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { orderTransfer } from "../../src/app/agency-exchange/order-transfer.ts";
import { recordLedgerEntry } from "../../src/app/record-ledger-entry.ts";
import { instructPayouts } from "../../src/app/treasury/instruct-payouts.ts";
import { markPayoutPaid } from "../../src/app/treasury/mark-payout-paid.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { attachTitleCopy } from "../../src/app/title-submissions/attach-title-copy.ts";
import { submitTitle } from "../../src/app/title-submissions/submit-title.ts";
import { makeCivilId, makeIban, type BankCode } from "../../src/domain/identifiers/index.ts";
import { SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { createPaymentJobs, type PaymentJobs } from "../../src/jobs/payment-jobs.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { samplePdf } from "../documents/support.ts";
import { attachStandInGateway, payOnHostedPage, type AttachedGateway } from "../payments/support.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { titleInput } from "../support/fixtures.ts";
import { ensureWebBuild } from "../support/web-build.ts";
import { waitPatiently } from "../support/wait.ts";

export const CHROMIUM = "/usr/bin/chromium";
export const chromiumAvailable = existsSync(CHROMIUM);
// The pages are the same whatever database is under the API, and every API behind them is
// tested on both engines: the browser journeys run once, in the PGlite pass, to keep CI short.
export const skipWithoutChromium = !chromiumAvailable
  ? `${CHROMIUM} is not installed (apt-get install -y chromium); .ci/run installs it`
  : process.env.TEST_DATABASE_URL
    ? "browser journeys run in the PGlite pass (the APIs behind them run in both)"
    : false;
const flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const KD = 1000n;
const DAY = 86_400_000;

/** The first valid civil ID from this serial on (some serials give a check digit of 10 or 11). */
function civilId(year: number, month: number, day: number, serial: number): string {
  for (let next = serial; next < serial + 20; next++) {
    const id = makeCivilId({ year, month, day }, next);
    if (id) return id;
  }
  throw new Error("no valid civil ID for these digits");
}

/** The bank without an integration: nothing is sent to its stand-in; its officer answers in the agency portal. */
export const PORTAL_BANK = "WRBA";

export const webPeople = {
  creditor: { civilId: civilId(1978, 3, 14, 1203), nameAr: "عبدالله فهد الكندري", nameEn: "Abdullah Fahad Al-Kandari" },
  englishCreditor: { civilId: civilId(1981, 6, 9, 2210), nameAr: "مريم سالم الصباح", nameEn: "Maryam Salem Al-Sabah" },
  debtor: { civilId: civilId(1985, 11, 2, 4417), nameAr: "خالد سعود العنزي", nameEn: "Khaled Saud Al-Enezi" },
  otherDebtor: { civilId: civilId(1990, 1, 20, 3305), nameAr: "فيصل ناصر المطيري", nameEn: "Faisal Nasser Al-Mutairi" },
  thirdDebtor: { civilId: civilId(1987, 8, 4, 5120), nameAr: "سارة عادل القطان", nameEn: "Sara Adel Al-Qattan" },
  payingDebtor: { civilId: civilId(1983, 4, 17, 6021), nameAr: "ناصر يوسف الرشيدي", nameEn: "Nasser Yousef Al-Rashidi" },
  englishPayingDebtor: { civilId: civilId(1979, 12, 5, 6150), nameAr: "هند خالد البدر", nameEn: "Hind Khaled Al-Bader" },
  clerk: { civilId: civilId(1990, 1, 9, 2251), nameAr: "مريم أحمد العجمي", nameEn: "Maryam Ahmad Al-Ajmi" },
  judge: { civilId: civilId(1968, 9, 30, 1120), nameAr: "بدر حمد الصقر", nameEn: "Bader Hamad Al-Saqer" },
  auditor: { civilId: civilId(1982, 4, 17, 5530), nameAr: "هدى جاسم الشمري", nameEn: "Huda Jassim Al-Shammari" },
  bankOfficer: { civilId: civilId(1988, 7, 23, 7781), nameAr: "دانة محمد الدوسري", nameEn: "Dana Mohammed Al-Dosari" },
  administrator: { civilId: civilId(1976, 5, 11, 8812), nameAr: "سعاد علي المطوع", nameEn: "Suad Ali Al-Mutawa" },
  moneyDebtor: { civilId: civilId(1984, 10, 8, 9034), nameAr: "طلال مبارك العتيبي", nameEn: "Talal Mubarak Al-Otaibi" },
} as const;

export type WebPerson = keyof typeof webPeople;

/** Per interface language, so each journey acts on a file of its own. */
export type PerLanguage<T> = { ar: T; en: T };

export interface WebWorld {
  exchange: Exchange;
  gateway: AttachedGateway;
  baseUrl: string;
  /** A file with nothing requested yet, per creditor (the journeys request on it). */
  freshFile: { creditor: string; englishCreditor: string };
  /** A file with a bank attachment answered by the banks, a travel ban under review, a dispute and an instalment plan before the judge. */
  busyFile: string;
  /** The verification code of a receipt issued on the busy file. */
  verificationCode: string;
  /** Files whose debtor has funds frozen, a car flagged and a ban registered, per language (the debtor pays it all). */
  payingFile: PerLanguage<string>;
  /** Files with a travel ban before the judge, per language. */
  banFile: PerLanguage<{ fileId: string; procedureId: string; debtor: string }>;
  /** Bank attachments sent to the portal bank alone, per language, and the account the officer declares. */
  portalFile: PerLanguage<{ fileId: string; procedureId: string; orderId: string; iban: string; debtor: string }>;
  /** Back-office work on the busy file: its travel ban, the evidence to verify, the dispute, the plan; and a title submitted online. */
  busyBan: string;
  evidenceDocument: string;
  dispute: string;
  plan: string;
  titleSubmission: string;
  /** A payment of part of the busy file, captured on the gateway's hosted page. */
  payment: string;
  /**
   * The money's path (issue 18): a file whose bank transferred the frozen funds, shared pro rata with
   * another creditor's file against the same debtor, a part payment by the debtor at the counter (with
   * its receipt) and a payout executed to the creditor's IBAN; its vehicle seizure found nothing.
   */
  moneyFile: { fileId: string; otherFileNumber: string; seizure: string };
  close(): Promise<void>;
}

async function fileFor(exchange: Exchange, creditor: string, debtor: string, principalKd: bigint, caseSerial: number, payoutIban?: string) {
  const clerk = await exchange.world.as(webPeople.clerk.civilId);
  return openFile(exchange.world.deps, clerk, {
    title: titleInput({ court: "المحكمة الكلية - الدائرة التجارية 3", caseNumber: `2025/${caseSerial} تجاري كلي` }),
    creditors: [{ civilId: creditor, ...(payoutIban ? { payoutIban } : {}) }],
    debtors: [{ civilId: debtor }],
    claim: { principal: principalKd * KD, costs: 150n * KD, fees: 10n * KD, interest: 0n },
  });
}

const banEvidence = {
  debtCertainAndDue: "حكم نهائي مذيّل بالصيغة التنفيذية.",
  flightRisk: "للمدين إقامة في الخارج وسفرات متكررة.",
  abilityToPay: "يملك حسابات ومركبات مسجلة باسمه.",
};

export async function startWebWorld(options: { files?: number } = {}): Promise<WebWorld> {
  // The API serves web/dist only if it exists when the app is built: build first.
  await ensureWebBuild();
  let jobs: PaymentJobs | undefined;
  const exchange = await startExchange({}, { payments: { tick: () => jobs?.tick() ?? Promise.resolve(0) }, portalOnly: [`bank:${PORTAL_BANK}`] });
  const { world } = exchange;
  const gateway = await attachStandInGateway(world, { feesBeforeDispatch: false, publicUrl: exchange.hubUrl.replace(/\/+$/, "") });
  jobs = createPaymentJobs({ deps: world.deps, documents: diskDocumentServices({}), publicUrl: exchange.hubUrl, intervalMs: 0 });
  const system = { subject: systemSubject, correlationId: "web-world" };
  const persons: PersonRecord[] = Object.values(webPeople).map((person) => ({ ...person, nationality: "KWT", email: null, phone: "+96550000001" }));
  await registerPersons(world.deps, system, persons);
  await grantStaffRole(world.deps, system, { civilId: webPeople.clerk.civilId, role: "clerk", agencyKey: null });
  await grantStaffRole(world.deps, system, { civilId: webPeople.judge.civilId, role: "judge", agencyKey: null });
  await grantStaffRole(world.deps, system, { civilId: webPeople.auditor.civilId, role: "auditor", agencyKey: null });
  await grantStaffRole(world.deps, system, { civilId: webPeople.bankOfficer.civilId, role: "agency_officer", agencyKey: `bank:${PORTAL_BANK}` });
  await grantStaffRole(world.deps, system, { civilId: webPeople.administrator.civilId, role: "administrator", agencyKey: null });
  exchange.simulators.loadPersons(persons.map((person) => ({ civilId: person.civilId, nameAr: person.nameAr, nameEn: person.nameEn, nationality: "KWT", alive: true, email: null, phone: person.phone })));
  exchange.simulators.setBalances(webPeople.debtor.civilId, { NBOK: 6_000n * KD, KFHO: 2_500n * KD });
  exchange.simulators.setBalances(webPeople.otherDebtor.civilId, { GULB: 900n * KD });
  exchange.simulators.setBalances(webPeople.thirdDebtor.civilId, { NBOK: 2_000n * KD });
  exchange.simulators.setBalances(webPeople.payingDebtor.civilId, { NBOK: 1_500n * KD, KFHO: 1_200n * KD });
  exchange.simulators.setBalances(webPeople.englishPayingDebtor.civilId, { NBOK: 900n * KD, GULB: 2_000n * KD });
  exchange.simulators.setBalances(webPeople.moneyDebtor.civilId, { NBOK: 2_500n * KD });
  exchange.simulators.traffic.setVehicles(webPeople.moneyDebtor.civilId, []);
  exchange.simulators.traffic.setVehicles(webPeople.payingDebtor.civilId, [{ plate: "45/12345", vin: "JTMHV01J604123457", make: "Nissan", model: "Patrol", year: 2022 }]);
  exchange.simulators.traffic.setVehicles(webPeople.englishPayingDebtor.civilId, [{ plate: "12/40711", vin: "WDB4632721X123456", make: "Toyota", model: "Land Cruiser", year: 2021 }]);

  const creditor = webPeople.creditor.civilId;
  const busy = await fileFor(exchange, creditor, webPeople.debtor.civilId, 12_000n, 1001);
  const freshCreditor = await fileFor(exchange, creditor, webPeople.otherDebtor.civilId, 4_000n, 1002);
  const freshEnglish = await fileFor(exchange, webPeople.englishCreditor.civilId, webPeople.thirdDebtor.civilId, 3_000n, 1003);
  const paying = {
    ar: await fileFor(exchange, creditor, webPeople.payingDebtor.civilId, 2_000n, 1004),
    en: await fileFor(exchange, webPeople.englishCreditor.civilId, webPeople.englishPayingDebtor.civilId, 1_500n, 1005),
  };
  const banFiles = {
    ar: await fileFor(exchange, creditor, webPeople.otherDebtor.civilId, 5_000n, 1006),
    en: await fileFor(exchange, webPeople.englishCreditor.civilId, webPeople.thirdDebtor.civilId, 6_000n, 1007),
  };
  const portalFiles = {
    ar: await fileFor(exchange, creditor, webPeople.otherDebtor.civilId, 800n, 1008),
    en: await fileFor(exchange, webPeople.englishCreditor.civilId, webPeople.thirdDebtor.civilId, 700n, 1009),
  };
  const money = {
    file: await fileFor(exchange, creditor, webPeople.moneyDebtor.civilId, 2_000n, 1010, makeIban("KFHO", "0000000000000000731005")),
    other: await fileFor(exchange, webPeople.englishCreditor.civilId, webPeople.moneyDebtor.civilId, 1_500n, 1011, makeIban("GULB", "0000000000000000731006")),
  };
  for (let index = 0; index < (options.files ?? 0); index++) {
    await fileFor(exchange, creditor, index % 2 ? webPeople.debtor.civilId : webPeople.otherDebtor.civilId, 500n + BigInt(index) * 250n, 2000 + index);
  }
  await exchange.settle();
  // Past the waiting period after service, so requests are judged on their merits.
  world.clock.advance(2 * DAY);

  const db = exchange.database.db;
  const debtorParty = async (fileId: string) => (await db.selectFrom("file_parties").select(["id"]).where("file_id", "=", fileId).where("party_role", "=", "debtor").executeTakeFirstOrThrow()).id;
  const creditorOf = (fileId: string) => (fileId === paying.en.id || fileId === banFiles.en.id || fileId === portalFiles.en.id || fileId === money.other.id ? webPeople.englishCreditor.civilId : creditor);
  const as = (person: string) => world.as(person);
  const request = async (fileId: string, kind: "bank_attachment" | "vehicle_seizure" | "travel_ban", extra: { amount?: bigint; banks?: "all" | string[] } = {}) => {
    const debtorPartyId = await debtorParty(fileId);
    const by = await as(creditorOf(fileId));
    if (kind === "bank_attachment") return requestProcedure(world.deps, by, { kind, fileId, debtorPartyId, amount: extra.amount!, banks: (extra.banks ?? "all") as "all" | BankCode[] });
    if (kind === "vehicle_seizure") return requestProcedure(world.deps, by, { kind, fileId, debtorPartyId });
    return requestProcedure(world.deps, by, { kind, fileId, debtorPartyId, evidence: banEvidence });
  };

  // The busy file: the banks answer an attachment; a travel ban waits for the judge.
  const attachment = await request(busy.id, "bank_attachment", { amount: 7_000n * KD });
  const busyBan = await request(busy.id, "travel_ban");
  // The paying debtors: funds frozen in three banks (capped), the car flagged, the ban registered by the judge's order.
  for (const file of [paying.ar, paying.en]) {
    const claim = file === paying.ar ? 2_160n * KD : 1_660n * KD;
    await request(file.id, "bank_attachment", { amount: claim, banks: ["NBOK", "KFHO", "GULB"] });
    await request(file.id, "vehicle_seizure");
    const ban = await request(file.id, "travel_ban");
    await decideProcedure(world.deps, await as(webPeople.judge.civilId), { fileId: file.id, procedureId: ban.id, decision: "grant", reasons: "الشروط الثلاثة للمادة 297 ثابتة." });
  }
  // Travel bans before the judge; attachments sent only to the portal bank.
  const banProcedures = { ar: await request(banFiles.ar.id, "travel_ban"), en: await request(banFiles.en.id, "travel_ban") };
  const portalProcedures = {
    ar: await request(portalFiles.ar.id, "bank_attachment", { amount: 960n * KD, banks: [PORTAL_BANK] }),
    en: await request(portalFiles.en.id, "bank_attachment", { amount: 860n * KD, banks: [PORTAL_BANK] }),
  };
  // The money's path: both files attach the debtor's funds at NBOK; the first's vehicle seizure finds nothing.
  await request(money.file.id, "bank_attachment", { amount: 2_160n * KD, banks: ["NBOK"] });
  await request(money.other.id, "bank_attachment", { amount: 1_660n * KD, banks: ["NBOK"] });
  const moneySeizure = await request(money.file.id, "vehicle_seizure");
  await exchange.settle();
  // The bank transfers what it froze on the first file's order: shared pro rata with the other file.
  await orderTransfer(world.deps, await as(webPeople.clerk.civilId), { fileId: money.file.id });
  await exchange.settle();
  // The debtor pays part at the counter (a receipt follows), and the clerk pays the creditor out.
  await recordLedgerEntry(world.deps, await as(webPeople.clerk.civilId), { fileId: money.file.id, kind: "payment", amount: 100n * KD, source: "cash_at_department", reference: "CASH-2026-0107" });
  const payouts = await instructPayouts(world.deps, await as(webPeople.clerk.civilId), { fileId: money.file.id });
  for (const payout of payouts.payouts) await markPayoutPaid(world.deps, await as(webPeople.clerk.civilId), { payoutId: payout.payoutId, bankReference: "CBK-PO-2026-0311" });
  await exchange.settle();

  // The back office's other work: evidence for the busy file's ban to verify, a title submitted online,
  // the busy file's debtor disputing the enforcement and proposing instalments the creditor agrees to
  // (above what creditors may agree alone, so a judge orders it).
  const documents = diskDocumentServices({});
  const evidence = await uploadDocument(world.deps, documents, await as(creditor), { fileId: busy.id, procedureId: busyBan.id, kind: "evidence", name: "حجز-تذكرة-سفر.pdf", bytes: await samplePdf("Flight booking, one way, 2026-03-20") });
  const submission = await submitTitle(world.deps, await as(creditor), {
    title: titleInput({ court: "المحكمة الكلية - الدائرة المدنية 5", caseNumber: "2025/3310 مدني كلي" }),
    creditors: [{ civilId: creditor }],
    debtors: [{ civilId: webPeople.thirdDebtor.civilId }],
    claim: { principal: 2_400n * KD, costs: 90n * KD, fees: 10n * KD, interest: 0n },
  });
  await attachTitleCopy(world.deps, documents, await as(creditor), { submissionId: submission.id, name: "حكم-2025-3310.pdf", bytes: await samplePdf("Judgment 2025/3310, with the executory formula") });
  const busyDebtor = await debtorParty(busy.id);
  const dispute = await fileDispute(world.deps, await as(webPeople.debtor.civilId), { fileId: busy.id, debtorPartyId: busyDebtor, grounds: "سددت جزءًا من الدين مباشرة إلى الدائن بموجب إيصال مرفق، ويتجاوز الحجز المبلغ المتبقي.", bondDepositReference: "DEP-2026-0412" });
  const plan = await proposePlan(world.deps, await as(webPeople.debtor.civilId), {
    fileId: busy.id,
    debtorPartyId: busyDebtor,
    // Twelve monthly instalments from the 15th of next month; the last takes the fils left over.
    instalments: Array.from({ length: 12 }, (_, index) => ({
      dueOn: new Date(Date.UTC(2026, 3 + index, 15)).toISOString().slice(0, 10),
      amount: index === 11 ? 12_160n * KD - 1_013_333n * 11n : 1_013_333n,
    })),
    liftProcedureIds: [attachment.id],
    note: "أقترح السداد على اثني عشر قسطًا شهريًا.",
  });
  await answerPlan(world.deps, await as(creditor), { fileId: busy.id, planId: plan.id, answer: "agree" });
  // The debtor pays part of the busy file on the gateway's hosted page.
  const started = await startDebtPayment(world.deps, await as(webPeople.debtor.civilId), { fileId: busy.id, amount: 500n * KD, language: "ar", returnTo: "app" }, exchange.hubUrl);
  await payOnHostedPage(started.paymentPageUrl);
  await exchange.settle();
  const portalOrder = async (procedureId: string) => (await db.selectFrom("agency_orders").select("id").where("procedure_id", "=", procedureId).executeTakeFirstOrThrow()).id;
  // The same document store the API uses by default, so the app can verify it.
  const receipt = await issueDocument(world.deps, documents, await as(creditor), { kind: "request_receipt", fileId: busy.id, procedureId: attachment.id }, exchange.hubUrl);
  // From here on, as the department runs it: a request's orders wait for its fee (the creditor's journey pays it).
  world.deps.settings = { ...world.deps.settings, feesBeforeDispatch: true };
  // A few days on, so the queues' work has ages against the service levels and the agencies' orders waits.
  world.clock.advance(4 * DAY);

  return {
    exchange,
    gateway,
    baseUrl: exchange.hubUrl.replace(/\/+$/, ""),
    freshFile: { creditor: freshCreditor.id, englishCreditor: freshEnglish.id },
    busyFile: busy.id,
    verificationCode: receipt.document.verificationCode!,
    payingFile: { ar: paying.ar.id, en: paying.en.id },
    banFile: {
      ar: { fileId: banFiles.ar.id, procedureId: banProcedures.ar.id, debtor: webPeople.otherDebtor.civilId },
      en: { fileId: banFiles.en.id, procedureId: banProcedures.en.id, debtor: webPeople.thirdDebtor.civilId },
    },
    portalFile: {
      ar: { fileId: portalFiles.ar.id, procedureId: portalProcedures.ar.id, orderId: await portalOrder(portalProcedures.ar.id), iban: makeIban(PORTAL_BANK, "0000000000000000417001"), debtor: webPeople.otherDebtor.civilId },
      en: { fileId: portalFiles.en.id, procedureId: portalProcedures.en.id, orderId: await portalOrder(portalProcedures.en.id), iban: makeIban(PORTAL_BANK, "0000000000000000512009"), debtor: webPeople.thirdDebtor.civilId },
    },
    busyBan: busyBan.id,
    evidenceDocument: evidence.id,
    dispute: dispute.id,
    plan: plan.id,
    titleSubmission: submission.id,
    payment: started.paymentId,
    moneyFile: { fileId: money.file.id, otherFileNumber: money.other.number, seizure: moneySeizure.id },
    close: async () => {
      await gateway.close();
      await exchange.close();
    },
  };
}

export interface WebBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's chromium, headless, in a fresh profile. */
export async function launchBrowser(viewport = { width: 1280, height: 900 }): Promise<WebBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), "tanfeeth-web-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: flags, viewport });
  waitPatiently(context);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A signed-in browser without the phone round trip (the journey test does the real sign-in). */
export async function signInDirectly(context: BrowserContext, world: WebWorld, civilId: string): Promise<void> {
  const session = await createSession(world.exchange.database.db, civilId, world.exchange.world.clock.now());
  await context.addCookies([{ name: SESSION_COOKIE, value: session.token, url: world.baseUrl, httpOnly: true, sameSite: "Lax" }]);
}

/** Chooses the interface language before the app loads (as a person's earlier choice would). */
export async function chooseLanguage(context: BrowserContext, world: WebWorld, lang: "ar" | "en"): Promise<void> {
  await context.addCookies([{ name: "lang", value: lang, url: world.baseUrl, sameSite: "Lax" }]);
  await context.addInitScript({ content: `window.localStorage.setItem("tanfeeth.lang", ${JSON.stringify(lang)});` });
}
