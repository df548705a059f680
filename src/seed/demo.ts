/**
 * Demo data: a believable country in miniature, built only through the application's own
 * use cases, so every change is an action on a hash chain exactly as in production.
 * Registry, clerk and judge work is done as `systemSubject`; creditors act as themselves
 * (a person in person, a company through its representative, or a lawyer under a mandate).
 *
 * Deterministic: one seeded generator (mulberry32) decides everything, so the same seed
 * and the same day give the same persons, files, claims and procedure states. (Record
 * ids are fresh UUIDs; file numbers, civil IDs, IBANs and amounts are reproducible.)
 *
 * Demo accounts (sign in with the civil ID; see `demoAccounts`):
 *   creditor        278031412039  Abdullah Fahad Al-Kandari  individual creditor, several files
 *   debtor          285110244171  Khaled Saud Al-Enezi       five files against him
 *   lawyer          272062133086  Noura Yousef Al-Rashidi    mandates: Al-Deera Finance (all files),
 *                                                             one file of a client, a view-only client,
 *                                                             and one EXPIRED mandate
 *   clerk           290010922517  Maryam Ahmad Al-Ajmi
 *   judge           268093011207  Faisal Nasser Al-Mutairi   travel bans await decision
 *   auditor         282041755301  Huda Jassim Al-Shammari
 *   administrator   275120566423  Talal Bader Al-Hajri
 *   bankOfficer     288072377814  Sara Adel Al-Qattan        agency officer, bank:NBOK
 *   bankRep         280021188128  Yousef Ibrahim Al-Roumi    Shiraa Bank of Kuwait (CR 18452)
 *   telecomRep      286102890231  Dana Mohammed Al-Dosari    Gulf Digital Telecom (CR 302117)
 *   financeRep      279051909354  Bader Salem Al-Otaibi      Al-Deera Consumer Finance (CR 97406)
 * All company names are fictional; bank codes are the real ones (payouts need real IBANs).
 */
import type { UseCaseContext } from "../app/context.ts";
import { decideProcedure } from "../app/decide-procedure.ts";
import type { AppDeps } from "../app/deps.ts";
import { openFile, type CreditorIdentity, type PartyIdentity } from "../app/open-file.ts";
import { recordLedgerEntry } from "../app/record-ledger-entry.ts";
import { attestTitleService } from "../app/title-service/attest-title-service.ts";
import { grantStaffRole, registerCompany, registerMandate, registerPersons, type PersonRecord } from "../app/registry.ts";
import { requestProcedure, type ProcedureRequest, type TravelBanEvidence } from "../app/request-procedure.ts";
import type { MandateScope, Subject } from "../domain/access/subject.ts";
import { systemSubject } from "../domain/access/system-subject.ts";
import { waiveProcedure } from "../app/waive-procedure.ts";
import { kuwaitDate } from "../domain/file/calendar.ts";
import { claimTotal, type Claim } from "../domain/file/claim.ts";
import type { ExecutoryTitle, TitleType } from "../domain/file/title.ts";
import { commercialBankCodes, makeCivilId, makeIban, type BankCode } from "../domain/identifiers/index.ts";
import type { Fils } from "../domain/money/index.ts";
import { procedureKinds, procedureStatuses, type ProcedureKind, type ProcedureStatus } from "../domain/procedures/index.ts";
import type { Db } from "../storage/database.ts";
import type { StaffRole } from "../storage/schema.ts";
import { loadSubject } from "../storage/registry/repository.ts";
import { nationalities, nationalityWeights, smallCompanyNames, type NamePair, type NationalityNames } from "./names.ts";
import { Random } from "../lib/random.ts";

export const DEFAULT_DEMO_FILES = 220;
export const DEFAULT_DEMO_SEED = 1980;

// ---------------------------------------------------------------------------------------
// Fixed demo accounts and institutional creditors
// ---------------------------------------------------------------------------------------

export type DemoRole =
  | "creditor"
  | "debtor"
  | "lawyer"
  | "clerk"
  | "judge"
  | "auditor"
  | "administrator"
  | "agency_officer"
  | "company_representative";

export interface DemoAccount {
  key: DemoAccountKey;
  role: DemoRole;
  civilId: string;
  nameAr: string;
  nameEn: string;
  nationality: string;
  email: string;
  phone: string;
  /** What to look at when signed in as this account. */
  description: string;
  /** The staff role granted, for department staff and agency officers. */
  staffRole: { role: StaffRole; agencyKey: string | null } | null;
  /** The commercial registration this person represents, for company representatives. */
  represents: string | null;
}

export type DemoAccountKey =
  | "creditor"
  | "debtor"
  | "lawyer"
  | "clerk"
  | "judge"
  | "auditor"
  | "administrator"
  | "bankOfficer"
  | "bankRep"
  | "telecomRep"
  | "financeRep";

/** A civil ID from a fixed birth date and serial; the table below is checked at load. */
function fixedCivilId(year: number, month: number, day: number, serial: number): string {
  const id = makeCivilId({ year, month, day }, serial);
  if (id === null) throw new Error(`demo civil ID ${year}-${month}-${day}/${serial} has no check digit: pick another serial`);
  return id;
}

export type CreditorKind = "bank" | "telecom" | "finance" | "individual";
type InstitutionKind = Exclude<CreditorKind, "individual">;

export interface DemoCompany {
  kind: InstitutionKind;
  crNumber: string;
  nameAr: string;
  nameEn: string;
  representative: DemoAccountKey;
  payoutIban: string;
}

/** The institutional creditors (fictional): most files belong to them, as in reality. */
export const demoCompanies: Readonly<Record<InstitutionKind, DemoCompany>> = {
  // A bank keeps its own money at the Central Bank: its payout account is a CBKU IBAN.
  bank: {
    kind: "bank",
    crNumber: "18452",
    nameAr: "بنك الشراع الكويتي",
    nameEn: "Shiraa Bank of Kuwait",
    representative: "bankRep",
    payoutIban: makeIban("CBKU", "0000000000000018452001"),
  },
  telecom: {
    kind: "telecom",
    crNumber: "302117",
    nameAr: "شركة اتصالات الخليج الرقمية",
    nameEn: "Gulf Digital Telecom Company",
    representative: "telecomRep",
    payoutIban: makeIban("NBOK", "0000001020304050607080"),
  },
  finance: {
    kind: "finance",
    crNumber: "97406",
    nameAr: "شركة الديرة للتمويل الاستهلاكي",
    nameEn: "Al-Deera Consumer Finance Company",
    representative: "financeRep",
    payoutIban: makeIban("KFHO", "0000000000974060000011"),
  },
};

function account(
  key: DemoAccountKey,
  role: DemoRole,
  civilId: string,
  nameAr: string,
  nameEn: string,
  email: string,
  phone: string,
  description: string,
  extra: { staffRole?: DemoAccount["staffRole"]; represents?: string } = {},
): DemoAccount {
  return {
    key,
    role,
    civilId,
    nameAr,
    nameEn,
    nationality: "KWT",
    email,
    phone,
    description,
    staffRole: extra.staffRole ?? null,
    represents: extra.represents ?? null,
  };
}

/** Sign in as any of these; their civil IDs never change between seeds. */
export const demoAccounts: Readonly<Record<DemoAccountKey, DemoAccount>> = {
  creditor: account(
    "creditor",
    "creditor",
    fixedCivilId(1978, 3, 14, 1203),
    "عبدالله فهد الكندري",
    "Abdullah Fahad Al-Kandari",
    "abdullah.alkandari@example.com",
    "+96599123401",
    "An individual creditor: a bank attachment and a travel ban under review against the demo debtor, a waived seizure and a rejected ban on another file, and an untouched file against a company.",
  ),
  debtor: account(
    "debtor",
    "debtor",
    fixedCivilId(1985, 11, 2, 4417),
    "خالد سعود العنزي",
    "Khaled Saud Al-Enezi",
    "khaled.alenezi@example.com",
    "+96566123402",
    "A debtor with five files: attachments, a granted travel ban, a partial payment and one file paid in full.",
  ),
  lawyer: account(
    "lawyer",
    "lawyer",
    fixedCivilId(1972, 6, 21, 3308),
    "نورة يوسف الرشيدي",
    "Noura Yousef Al-Rashidi",
    "noura.alrashidi@example.com",
    "+96555123403",
    "A lawyer: acts for Al-Deera Finance on all its files, for one client on one file, view-only for another client; one mandate has EXPIRED.",
  ),
  clerk: account(
    "clerk",
    "clerk",
    fixedCivilId(1990, 1, 9, 2251),
    "مريم أحمد العجمي",
    "Maryam Ahmad Al-Ajmi",
    "maryam.alajmi@example.com",
    "+96590123404",
    "An enforcement clerk: opens files and records payments.",
    { staffRole: { role: "clerk", agencyKey: null } },
  ),
  judge: account(
    "judge",
    "judge",
    fixedCivilId(1968, 9, 30, 1120),
    "فيصل ناصر المطيري",
    "Faisal Nasser Al-Mutairi",
    "faisal.almutairi@example.com",
    "+96599123405",
    "An enforcement judge: travel bans wait for decision.",
    { staffRole: { role: "judge", agencyKey: null } },
  ),
  auditor: account(
    "auditor",
    "auditor",
    fixedCivilId(1982, 4, 17, 5530),
    "هدى جاسم الشمري",
    "Huda Jassim Al-Shammari",
    "huda.alshammari@example.com",
    "+96566123406",
    "An auditor: reads every file and the audit chain.",
    { staffRole: { role: "auditor", agencyKey: null } },
  ),
  administrator: account(
    "administrator",
    "administrator",
    fixedCivilId(1975, 12, 5, 6642),
    "طلال بدر الهاجري",
    "Talal Bader Al-Hajri",
    "talal.alhajri@example.com",
    "+96555123407",
    "The department's administrator: registries, staff roles, mandates.",
    { staffRole: { role: "administrator", agencyKey: null } },
  ),
  bankOfficer: account(
    "bankOfficer",
    "agency_officer",
    fixedCivilId(1988, 7, 23, 7781),
    "سارة عادل القطان",
    "Sara Adel Al-Qattan",
    "sara.alqattan@example.com",
    "+96590123408",
    "An officer of the National Bank of Kuwait (NBOK): attachment and lift orders addressed to the bank.",
    { staffRole: { role: "agency_officer", agencyKey: "bank:NBOK" } },
  ),
  bankRep: account(
    "bankRep",
    "company_representative",
    fixedCivilId(1980, 2, 11, 8812),
    "يوسف إبراهيم الرومي",
    "Yousef Ibrahim Al-Roumi",
    "yousef.alroumi@example.com",
    "+96599123409",
    "Represents Shiraa Bank of Kuwait, the largest creditor.",
    { represents: demoCompanies.bank.crNumber },
  ),
  telecomRep: account(
    "telecomRep",
    "company_representative",
    fixedCivilId(1986, 10, 28, 9023),
    "دانة محمد الدوسري",
    "Dana Mohammed Al-Dosari",
    "dana.aldosari@example.com",
    "+96566123410",
    "Represents Gulf Digital Telecom: many small unpaid-bill files.",
    { represents: demoCompanies.telecom.crNumber },
  ),
  financeRep: account(
    "financeRep",
    "company_representative",
    fixedCivilId(1979, 5, 19, 935),
    "بدر سالم العتيبي",
    "Bader Salem Al-Otaibi",
    "bader.alotaibi@example.com",
    "+96555123411",
    "Represents Al-Deera Consumer Finance (its lawyer acts on its files too).",
    { represents: demoCompanies.finance.crNumber },
  ),
};

// ---------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------

export interface DemoMandateInfo {
  principal: string;
  principalNameEn: string;
  fileNumber: string | null;
  scopes: MandateScope[];
  inForce: boolean;
}

export interface DemoSummary {
  seed: number;
  persons: number;
  companies: number;
  staffRoles: number;
  mandates: number;
  files: number;
  openFiles: number;
  satisfiedFiles: number;
  procedures: {
    total: number;
    byStatus: Record<ProcedureStatus, number>;
    byKind: Record<ProcedureKind, number>;
  };
  agencyOrders: number;
  ledgerEntries: number;
  actions: number;
  /** File numbers of the files against the demo debtor. */
  demoDebtorFiles: string[];
  lawyerMandates: DemoMandateInfo[];
  accounts: DemoAccount[];
}

/** True when no enforcement file exists yet: `npm start` seeds only then. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom("enforcement_files").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}

// ---------------------------------------------------------------------------------------
// Texts (Arabic: they are data, as a clerk or judge would write them)
// ---------------------------------------------------------------------------------------

const titleTypeArabic: Record<TitleType, string> = {
  final_judgment: "حكم نهائي",
  provisional_judgment: "حكم مشمول بالنفاذ المعجل",
  payment_order: "أمر أداء",
  notarized_instrument: "محرر موثق",
  ratified_settlement: "محضر صلح مصدق عليه من المحكمة",
};

const governorates = ["العاصمة", "حولي", "الفروانية", "الجهراء", "الأحمدي", "مبارك الكبير"] as const;

const flightRiskResident = [
  "المدين وافد وقد أنهى عقد عمله لدى جهة عمله، ويخشى مغادرته البلاد نهائياً دون الوفاء بالدين.",
  "علم الدائن أن المدين قام بشحن أثاث منزله وحجز تذكرة سفر إلى بلده.",
  "أخطر المدين جهة عمله بالاستقالة، وإقامته تنتهي خلال أسابيع.",
];
const flightRiskAny = [
  "المدين كثير السفر إلى الخارج، ولديه استثمارات وعقار خارج الكويت.",
  "سحب المدين أرصدته من حساباته المصرفية بعد إعلانه بالسند التنفيذي مباشرة.",
  "أبلغ المدين الدائن صراحة بعزمه الإقامة خارج البلاد.",
  "سافر المدين ثلاث مرات منذ إعلانه بالسند التنفيذي دون أن يسدد شيئاً.",
];
const abilityToPay = [
  "يعمل المدين في جهة حكومية ويتقاضى راتباً شهرياً ثابتاً يجاوز 1,500 دينار كويتي.",
  "يملك المدين سيارتين مسجلتين باسمه وعقاراً استثمارياً في منطقة حولي.",
  "للمدين حصص في شركة تجارية قائمة ونشطة وفق السجل التجاري.",
  "يتقاضى المدين معاشاً تقاعدياً ودخلاً شهرياً من إيجار عقار يملكه.",
];
const grantReasons = [
  "ثبت أن الدين محقق الوجود وحال الأداء بموجب سند تنفيذي، وقدم الدائن أسباباً جدية يخشى معها فرار المدين، مع ما يدل على قدرته على الوفاء (المادة 297)؛ فيؤمر بمنعه من السفر.",
  "تبين من المستندات أن المدين أعلن بالسند التنفيذي ولم يوف، وأن له دخلاً ثابتاً يمكنه من السداد، وأن القرائن المقدمة ترجح عزمه على مغادرة البلاد؛ فيتعين إجابة الطلب.",
  "الدين ثابت بسند واجب النفاذ، والمدين قادر على الوفاء وتكرر سفره بعد إعلانه؛ فيؤمر بمنعه من السفر حتى يوفي بالدين أو يقدم كفالة مصرفية كافية (المادة 298).",
];
const rejectReasons = [
  "لم يقدم الدائن ما يدل على جدية الخشية من فرار المدين، ومجرد التأخر في الوفاء لا يكفي لإصدار أمر المنع من السفر (المادة 297).",
  "خلت الأوراق مما يثبت قدرة المدين على الوفاء، فلا يتوافر أحد شروط المنع من السفر؛ ويرفض الطلب مع بقاء حق الدائن في طرق التنفيذ الأخرى.",
  "المبلغ المتبقي يسير قياساً على جسامة المنع من السفر، وللدائن التنفيذ على أموال المدين لدى البنوك؛ ويرفض الطلب.",
];
const waiveReasons = [
  "تم الاتفاق مع المدين على جدول سداد بالتقسيط خارج إدارة التنفيذ.",
  "تسوية ودية بين الطرفين، ويتنازل الدائن عن هذا الإجراء.",
  "يكتفي الدائن بالحجز على الحسابات المصرفية في الوقت الحاضر.",
  "قدم المدين كفيلاً مليئاً، ويطلب الدائن إنهاء الإجراء.",
];

// ---------------------------------------------------------------------------------------
// Population
// ---------------------------------------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

interface SmallCompany {
  crNumber: string;
  nameAr: string;
  nameEn: string;
  owner: string;
}

class Population {
  readonly persons: PersonRecord[] = [];
  private readonly civilIds = new Set<string>();
  private readonly emails = new Set<string>();
  private readonly phones = new Set<string>();
  private readonly crNumbers = new Set<string>();
  private readonly byNationality = new Map(nationalities.map((names) => [names.code, names]));

  private readonly rng: Random;

  constructor(rng: Random) {
    this.rng = rng;
    for (const demo of Object.values(demoAccounts)) {
      this.add({ civilId: demo.civilId, nameAr: demo.nameAr, nameEn: demo.nameEn, nationality: demo.nationality, email: demo.email, phone: demo.phone });
    }
    for (const company of Object.values(demoCompanies)) this.crNumbers.add(company.crNumber);
  }

  private add(person: PersonRecord): PersonRecord {
    this.persons.push(person);
    this.civilIds.add(person.civilId);
    if (person.email) this.emails.add(person.email);
    if (person.phone) this.phones.add(person.phone);
    return person;
  }

  person(): PersonRecord {
    const rng = this.rng;
    const names = this.byNationality.get(rng.weighted(nationalityWeights)) as NationalityNames;
    const first: NamePair = rng.chance(names.femaleShare) ? rng.pick(names.female) : rng.pick(names.male);
    let middle = rng.pick(names.middle);
    if (middle[0] === first[0]) middle = rng.pick(names.middle);
    const family = rng.pick(names.family);
    return this.add({
      civilId: this.civilId(),
      nameAr: `${first[0]} ${middle[0]} ${family[0]}`,
      nameEn: `${first[1]} ${middle[1]} ${family[1]}`,
      nationality: names.code,
      email: rng.chance(0.85) ? this.email(first[1], family[1]) : null,
      phone: rng.chance(0.93) ? this.phone() : null,
    });
  }

  private civilId(): string {
    for (;;) {
      const year = this.rng.int(1950, 2004);
      const month = this.rng.int(1, 12);
      const day = this.rng.int(1, daysInMonth(year, month));
      const id = makeCivilId({ year, month, day }, this.rng.int(0, 9999));
      if (id !== null && !this.civilIds.has(id)) return id;
    }
  }

  private email(first: string, family: string): string {
    const local = `${first}.${family}`.toLowerCase().replace(/[^a-z.]/g, "");
    const domain = this.rng.pick(["example.com", "example.net", "example.org"]);
    let candidate = `${local}@${domain}`;
    while (this.emails.has(candidate)) candidate = `${local}${this.rng.int(2, 99)}@${domain}`;
    return candidate;
  }

  private phone(): string {
    for (;;) {
      const candidate = `+965${this.rng.pick(["5", "6", "9"])}${this.rng.digits(7)}`;
      if (!this.phones.has(candidate)) return candidate;
    }
  }

  crNumber(): string {
    for (;;) {
      const candidate = String(this.rng.int(10_000, 9_999_999));
      if (!this.crNumbers.has(candidate)) {
        this.crNumbers.add(candidate);
        return candidate;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// Titles and claims
// ---------------------------------------------------------------------------------------

type Branch = "commercial" | "civil" | "rent";

const branchArabic: Record<Branch, { circuit: string; abbreviation: string }> = {
  commercial: { circuit: "الدائرة التجارية", abbreviation: "تجاري" },
  civil: { circuit: "الدائرة المدنية", abbreviation: "مدني" },
  rent: { circuit: "دائرة الإيجارات", abbreviation: "إيجارات" },
};

/** Whole dinars in fils, as a plain number (for arithmetic before the claim is built). */
const kd = (amount: number): number => Math.round(amount) * 1000;
const kdFils = (amount: number): Fils => BigInt(kd(amount));

class TitleFactory {
  private readonly used = new Set<string>();
  private readonly firstDay: number;
  private readonly lastDay: number;

  private readonly rng: Random;

  constructor(
    rng: Random,
    today: string,
  ) {
    this.rng = rng;
    const todayTime = Date.parse(`${today}T00:00:00Z`);
    // Titles are issued at least 9 days ago: each is served a week after its issue (Seeder.open), and
    // from rule version kw-2025.2 no measure is taken without recorded service and its waiting day.
    this.lastDay = Math.min(todayTime - 9 * DAY_MS, Date.parse("2026-12-31T00:00:00Z"));
    const start = Date.parse("2024-01-01T00:00:00Z");
    this.firstDay = this.lastDay >= start ? start : this.lastDay - 730 * DAY_MS;
  }

  /** Claims a fixed title so random ones never collide with it (unique court, case, type). */
  reserve(title: ExecutoryTitle): ExecutoryTitle {
    this.used.add(`${title.court}|${title.caseNumber}|${title.type}`);
    return title;
  }

  /** A fixed date, moved back to today if the clock is earlier than the story assumes. */
  clampDate(date: string): string {
    const time = Math.max(this.firstDay, Math.min(Date.parse(`${date}T00:00:00Z`), this.lastDay));
    return isoDay(time);
  }

  title(type: TitleType, branch: Branch, principalFils: number, grantsInterest: boolean): ExecutoryTitle {
    const rng = this.rng;
    const issuedOn = isoDay(this.firstDay + rng.int(0, Math.round((this.lastDay - this.firstDay) / DAY_MS)) * DAY_MS);
    const issueYear = Number(issuedOn.slice(0, 4));
    for (;;) {
      const caseYear = issueYear - (rng.chance(0.35) ? 1 : 0);
      const caseSerial = rng.int(100, 8999);
      const { court, caseNumber } = this.court(type, branch, principalFils, caseYear, caseSerial);
      const key = `${court}|${caseNumber}|${type}`;
      if (this.used.has(key)) continue;
      this.used.add(key);
      return {
        type,
        court,
        caseNumber,
        issuedOn,
        isFinal: type !== "provisional_judgment",
        hasExecutoryFormula: true,
        grantsInterest,
      };
    }
  }

  private court(type: TitleType, branch: Branch, principalFils: number, year: number, serial: number) {
    const rng = this.rng;
    if (type === "payment_order") {
      const circuit = rng.int(1, 4);
      return { court: `المحكمة الكلية - دائرة أوامر الأداء ${circuit}`, caseNumber: `${year}/${serial} أمر أداء/${circuit}` };
    }
    if (type === "notarized_instrument") {
      const office = rng.pick(governorates);
      return { court: `وزارة العدل - إدارة التوثيقات الرسمية - ${office}`, caseNumber: `${year}/${serial} توثيق` };
    }
    const { circuit: circuitName, abbreviation } = branchArabic[branch];
    if (branch === "rent") {
      const circuit = rng.int(1, 6);
      return { court: `المحكمة الكلية - ${circuitName} ${circuit}`, caseNumber: `${year}/${serial} ${abbreviation}/${circuit}` };
    }
    // Small claims go to the governorates' summary courts; large final ones often come from appeal.
    if (principalFils < kd(5000) && type !== "provisional_judgment") {
      const governorate = rng.pick(governorates);
      const circuit = rng.int(1, 9);
      return {
        court: `محكمة ${governorate} الجزئية - ${circuitName} ${circuit}`,
        caseNumber: `${year}/${serial} ${abbreviation} جزئي/${circuit}`,
      };
    }
    if (type === "final_judgment" && rng.chance(0.35)) {
      const circuit = rng.int(1, 8);
      return { court: `محكمة الاستئناف - ${circuitName} ${circuit}`, caseNumber: `${year}/${serial} استئناف ${abbreviation}/${circuit}` };
    }
    const circuit = rng.int(1, 12);
    return { court: `المحكمة الكلية - ${circuitName} ${circuit}`, caseNumber: `${year}/${serial} ${abbreviation} كلي/${circuit}` };
  }
}

const titleWeights: Record<CreditorKind, readonly (readonly [TitleType, number])[]> = {
  bank: [["final_judgment", 60], ["payment_order", 20], ["provisional_judgment", 8], ["notarized_instrument", 7], ["ratified_settlement", 5]],
  telecom: [["payment_order", 45], ["final_judgment", 45], ["ratified_settlement", 10]],
  finance: [["final_judgment", 50], ["payment_order", 25], ["notarized_instrument", 20], ["provisional_judgment", 5]],
  individual: [["final_judgment", 55], ["ratified_settlement", 20], ["notarized_instrument", 12], ["provisional_judgment", 8], ["payment_order", 5]],
};

const interestChance: Record<CreditorKind, number> = { bank: 0.6, finance: 0.45, individual: 0.15, telecom: 0.05 };

/** Principal in fils, by who lends to whom: 150 KD to 250,000 KD. */
function principalFor(rng: Random, creditor: CreditorKind, debtorIsCompany: boolean, branch: Branch): number {
  let amountKd: number;
  switch (creditor) {
    case "bank":
      amountKd = debtorIsCompany
        ? rng.logUniform(30_000, 250_000)
        : rng.logUniform(
            ...rng.weighted<readonly [number, number]>([
              [[1_500, 15_000], 40], // credit cards
              [[5_000, 70_000], 45], // personal loans
              [[40_000, 250_000], 15], // housing and business loans
            ]),
          );
      break;
    case "telecom":
      amountKd = debtorIsCompany ? rng.logUniform(800, 12_000) : rng.logUniform(150, 2_500);
      break;
    case "finance":
      amountKd = rng.logUniform(800, 35_000);
      break;
    case "individual":
      amountKd = branch === "rent" ? rng.logUniform(300, 12_000) : rng.logUniform(300, 90_000);
      break;
  }
  // Banks and telecoms claim to the fils (balances, bills); people claim round amounts.
  const fils = creditor === "bank" || creditor === "telecom" ? Math.round(amountKd * 1000) : kd(amountKd);
  return Math.min(Math.max(fils, kd(150)), kd(250_000));
}

function claimFor(rng: Random, type: TitleType, principal: number, grantsInterest: boolean): Claim {
  let costs: number;
  if (type === "notarized_instrument") costs = rng.chance(0.5) ? kd(rng.int(5, 20)) : 0;
  else if (type === "payment_order") costs = kd(principal / 1000 * 0.01) + kd(rng.pick([25, 50]));
  else costs = kd(Math.min(5000, (principal / 1000) * (0.01 + rng.float() * 0.02))) + kd(rng.pick([50, 100, 150, 250, 500]));
  // Enforcement fees: the order on petition (KD 10) and one to three notices (KD 5 each).
  const fees = kd(10 + 5 * rng.int(1, 3));
  const interest = grantsInterest ? Math.round(principal * rng.pick([0.05, 0.06, 0.07]) * (0.5 + rng.float() * 2)) : 0;
  return { principal: BigInt(principal), costs: BigInt(costs), fees: BigInt(fees), interest: BigInt(interest) };
}

// ---------------------------------------------------------------------------------------
// The seeder: use cases, one context each
// ---------------------------------------------------------------------------------------

interface CreditorRef {
  kind: CreditorKind;
  identity: CreditorIdentity;
  /** Who acts for the creditor on this file (a civil ID whose Subject is loaded). */
  actor: string;
}

interface FilePlan {
  creditor: CreditorRef;
  debtors: PartyIdentity[];
  title: ExecutoryTitle;
  claim: Claim;
}

interface SeededFile {
  id: string;
  number: string;
  plan: FilePlan;
  /** Party id of each debtor, in plan order. */
  debtorPartyIds: string[];
  outstanding: Fils;
  status: "open" | "satisfied" | "closed";
}

interface SeededProcedure {
  id: string;
  kind: ProcedureKind;
  status: string;
}

const partyKey = (party: PartyIdentity) => ("civilId" in party ? `p:${party.civilId}` : `c:${party.crNumber}`);

class Seeder {
  private correlation = 0;
  private reference = 0;
  private readonly subjects = new Map<string, Subject>();

  private readonly deps: AppDeps;
  readonly rng: Random;

  constructor(
    deps: AppDeps,
    rng: Random,
  ) {
    this.deps = deps;
    this.rng = rng;
  }

  context(subject: Subject): UseCaseContext {
    this.correlation += 1;
    return { subject, correlationId: `seed-${this.correlation}` };
  }

  system(): UseCaseContext {
    return this.context(systemSubject);
  }

  async as(civilId: string): Promise<UseCaseContext> {
    let subject = this.subjects.get(civilId);
    if (!subject) {
      subject = await loadSubject(this.deps.db, civilId, this.deps.clock.now());
      this.subjects.set(civilId, subject);
    }
    return this.context(subject);
  }

  /** A mandate was added: the lawyer's Subject must be read again. */
  forget(civilId: string): void {
    this.subjects.delete(civilId);
  }

  async open(plan: FilePlan): Promise<SeededFile> {
    const opened = await openFile(this.deps, this.system(), {
      title: plan.title,
      creditors: [plan.creditor.identity],
      debtors: plan.debtors,
      claim: plan.claim,
    });
    const rows = await this.deps.db
      .selectFrom("file_parties")
      .select(["id", "civil_id", "cr_number"])
      .where("file_id", "=", opened.id)
      .where("party_role", "=", "debtor")
      .execute();
    const byKey = new Map(rows.map((row) => [row.civil_id !== null ? `p:${row.civil_id}` : `c:${row.cr_number}`, row.id]));
    // The story's titles were served on paper a week after they were issued, so the live demo's
    // creditors may ask for measures at once; a title issued since is served by its electronic notice.
    const servedAt = new Date(Date.parse(`${plan.title.issuedOn}T07:00:00Z`) + 7 * 86_400_000);
    if (servedAt.getTime() <= this.deps.clock.now().getTime() - 86_400_000) {
      for (const [index, partyId] of rows.map((row) => row.id).entries()) {
        await attestTitleService(this.deps, this.system(), { fileId: opened.id, debtorPartyId: partyId, servedAt, reference: `PS-${opened.number}-${index + 1}` });
      }
    }
    return {
      id: opened.id,
      number: opened.number,
      plan,
      debtorPartyIds: plan.debtors.map((debtor) => byKey.get(partyKey(debtor)) as string),
      outstanding: claimTotal(plan.claim),
      status: "open",
    };
  }

  private async request(file: SeededFile, request: ProcedureRequest, actor = file.plan.creditor.actor): Promise<SeededProcedure> {
    const result = await requestProcedure(this.deps, await this.as(actor), request);
    return { id: result.id, kind: result.kind, status: result.status };
  }

  bankAttachment(file: SeededFile, amount: Fils, banks: "all" | readonly BankCode[], actor?: string) {
    return this.request(file, { kind: "bank_attachment", fileId: file.id, debtorPartyId: file.debtorPartyIds[0]!, amount, banks }, actor);
  }

  vehicleSeizure(file: SeededFile, actor?: string) {
    return this.request(file, { kind: "vehicle_seizure", fileId: file.id, debtorPartyId: file.debtorPartyIds[0]! }, actor);
  }

  travelBan(file: SeededFile, evidence: TravelBanEvidence, actor?: string) {
    return this.request(file, { kind: "travel_ban", fileId: file.id, debtorPartyId: file.debtorPartyIds[0]!, evidence }, actor);
  }

  async decide(file: SeededFile, procedure: SeededProcedure, decision: "grant" | "reject", reasons: string) {
    const result = await decideProcedure(this.deps, this.system(), { fileId: file.id, procedureId: procedure.id, decision, reasons });
    procedure.status = result.status;
  }

  async waive(file: SeededFile, procedure: SeededProcedure, reason: string, actor = file.plan.creditor.actor) {
    const result = await waiveProcedure(this.deps, await this.as(actor), { fileId: file.id, procedureId: procedure.id, reason });
    procedure.status = result.status;
  }

  /** Records a payment at the department (as the system clerk); a unique reference each. */
  async pay(file: SeededFile, amount: Fils, source: "cash_at_department" | "bank_transfer" | "reported_by_creditor") {
    this.reference += 1;
    const prefix = { cash_at_department: "RCPT", bank_transfer: "TRF", reported_by_creditor: "CRD" }[source];
    const result = await recordLedgerEntry(this.deps, this.system(), {
      fileId: file.id,
      kind: "payment",
      amount,
      source,
      reference: `${prefix}-${String(this.reference).padStart(6, "0")}`,
      // Art. 298(b): a creditor's report names the day the payment was received (required from kw-2025.4): reported the same day.
      ...(source === "reported_by_creditor" ? { receivedOn: kuwaitDate(this.deps.clock.now()) } : {}),
    });
    file.outstanding = result.outstanding;
    file.status = result.fileStatus;
  }

  evidence(file: SeededFile, debtorNationality: string): TravelBanEvidence {
    const { title } = file.plan;
    const rng = this.rng;
    const flight = debtorNationality !== "KWT" && rng.chance(0.6) ? flightRiskResident : flightRiskAny;
    return {
      debtCertainAndDue: `${titleTypeArabic[title.type]} في ${title.caseNumber} صادر بتاريخ ${title.issuedOn} من ${title.court}، مذيل بالصيغة التنفيذية، وقد أعلن للمدين ولم يوف بالمبلغ المستحق.`,
      flightRisk: rng.pick(flight),
      abilityToPay: rng.pick(abilityToPay),
    };
  }
}

/** A part of what is owed, in whole dinars, at least 1 KD and less than all of it. */
function partOf(rng: Random, owed: Fils, low: number, high: number): Fils | null {
  if (owed < 2000n) return null;
  const share = low + rng.float() * (high - low);
  let part = (BigInt(Math.round((Number(owed) * share) / 1000)) * 1000n) as Fils;
  if (part < 1000n) part = 1000n;
  if (part >= owed) part = owed - 1000n;
  return part > 0n ? part : null;
}

// ---------------------------------------------------------------------------------------
// seedDemo
// ---------------------------------------------------------------------------------------

export async function seedDemo(deps: AppDeps, options: { files?: number; seed?: number } = {}): Promise<DemoSummary> {
  const fileCount = options.files ?? DEFAULT_DEMO_FILES;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (!Number.isInteger(fileCount) || fileCount < 0) throw new Error("seedDemo: files must be a non-negative integer");
  if (!(await isDatabaseEmpty(deps.db))) {
    throw new Error("seedDemo: the database already holds enforcement files; demo data goes only into an empty database");
  }
  const rng = new Random(seed);
  const seeder = new Seeder(deps, rng);
  const now = deps.clock.now();
  const today = kuwaitDate(now);
  const titles = new TitleFactory(rng, today);

  // --- the population -------------------------------------------------------------------
  const population = new Population(rng);
  const individualCreditors = Array.from({ length: Math.max(6, Math.round(fileCount * 0.15)) }, () => population.person());
  const debtors = Array.from({ length: Math.max(10, Math.round(fileCount * 0.75)) }, () => population.person());
  const smallCompanies: SmallCompany[] = Array.from({ length: Math.max(2, Math.round(fileCount / 25)) }, (_, index) => {
    const [nameAr, nameEn] = smallCompanyNames[index % smallCompanyNames.length]!;
    const round = Math.floor(index / smallCompanyNames.length);
    return {
      crNumber: population.crNumber(),
      nameAr: round === 0 ? nameAr : `${nameAr} - فرع ${round + 1}`,
      nameEn: round === 0 ? nameEn : `${nameEn} - Branch ${round + 1}`,
      owner: population.person().civilId,
    };
  });
  const nationalityOf = new Map(population.persons.map((person) => [person.civilId, person.nationality]));
  const payoutIbans = new Map<string, string | null>();
  for (const person of individualCreditors) {
    payoutIbans.set(person.civilId, rng.chance(0.85) ? makeIban(rng.pick(commercialBankCodes), rng.digits(22)) : null);
  }
  payoutIbans.set(demoAccounts.creditor.civilId, makeIban("NBOK", "0000000000201978031412"));

  await registerPersons(deps, seeder.system(), population.persons);
  for (const company of Object.values(demoCompanies)) {
    await registerCompany(deps, seeder.system(), {
      crNumber: company.crNumber,
      nameAr: company.nameAr,
      nameEn: company.nameEn,
      representatives: [demoAccounts[company.representative].civilId],
    });
  }
  for (const company of smallCompanies) {
    await registerCompany(deps, seeder.system(), { crNumber: company.crNumber, nameAr: company.nameAr, nameEn: company.nameEn, representatives: [company.owner] });
  }
  const existingRoles = new Set(
    (await deps.db.selectFrom("staff_roles").select(["civil_id", "role", "agency_key"]).where("revoked_at", "is", null).execute()).map(
      (row) => `${row.civil_id}|${row.role}|${row.agency_key ?? ""}`,
    ),
  );
  for (const demo of Object.values(demoAccounts)) {
    if (!demo.staffRole || existingRoles.has(`${demo.civilId}|${demo.staffRole.role}|${demo.staffRole.agencyKey ?? ""}`)) continue;
    await grantStaffRole(deps, seeder.system(), { civilId: demo.civilId, ...demo.staffRole });
  }

  // --- the lawyer's standing mandates ------------------------------------------------------
  const lawyer = demoAccounts.lawyer.civilId;
  const allScopes: MandateScope[] = ["view", "request", "waive"];
  const [fileClient, viewOnlyClient, expiredClient] = individualCreditors as [PersonRecord, PersonRecord, PersonRecord];
  const lawyerMandates: DemoMandateInfo[] = [];
  const mandate = async (principal: { civilId: string } | { crNumber: string }, nameEn: string, scopes: MandateScope[], fromDays: number, untilDays: number, file: SeededFile | null) => {
    const validFrom = new Date(now.getTime() + fromDays * DAY_MS);
    const validUntil = new Date(now.getTime() + untilDays * DAY_MS);
    await registerMandate(deps, seeder.system(), { lawyerCivilId: lawyer, principal, fileId: file?.id ?? null, scopes, validFrom, validUntil });
    seeder.forget(lawyer);
    lawyerMandates.push({
      principal: "civilId" in principal ? principal.civilId : principal.crNumber,
      principalNameEn: nameEn,
      fileNumber: file?.number ?? null,
      scopes,
      inForce: validFrom <= now && now < validUntil,
    });
  };
  await mandate({ crNumber: demoCompanies.finance.crNumber }, demoCompanies.finance.nameEn, allScopes, -200, 165, null);
  await mandate({ civilId: viewOnlyClient.civilId }, viewOnlyClient.nameEn, ["view"], -60, 305, null);
  await mandate({ civilId: expiredClient.civilId }, expiredClient.nameEn, allScopes, -400, -35, null);

  // --- who creditors are -----------------------------------------------------------------
  const institution = (kind: InstitutionKind, actor?: string): CreditorRef => ({
    kind,
    identity: { crNumber: demoCompanies[kind].crNumber, payoutIban: demoCompanies[kind].payoutIban },
    actor: actor ?? demoAccounts[demoCompanies[kind].representative].civilId,
  });
  const individual = (civilId: string, actor = civilId): CreditorRef => ({
    kind: "individual",
    identity: { civilId, payoutIban: payoutIbans.get(civilId) ?? null },
    actor,
  });
  const fixedTitle = (type: TitleType, court: string, caseNumber: string, issuedOn: string, grantsInterest = false): ExecutoryTitle =>
    titles.reserve({
      type,
      court,
      caseNumber,
      issuedOn: titles.clampDate(issuedOn),
      isFinal: type !== "provisional_judgment",
      hasExecutoryFormula: true,
      grantsInterest,
    });
  const claim = (principalKd: number, costsKd: number, feesKd: number, interestKd = 0): Claim => ({
    principal: BigInt(Math.round(principalKd * 1000)),
    costs: BigInt(Math.round(costsKd * 1000)),
    fees: BigInt(Math.round(feesKd * 1000)),
    interest: BigInt(Math.round(interestKd * 1000)),
  });
  const demoDebtor = { civilId: demoAccounts.debtor.civilId };
  const demoDebtorFiles: string[] = [];

  // --- the stories behind the demo accounts (the first files, always the same) -------------
  const stories: (() => Promise<void>)[] = [
    // A. The demo creditor against the demo debtor: an attachment in every bank, and a ban for the judge.
    async () => {
      const file = await seeder.open({
        creditor: individual(demoAccounts.creditor.civilId),
        debtors: [demoDebtor],
        title: fixedTitle("final_judgment", "المحكمة الكلية - الدائرة المدنية 3", "2025/4821 مدني كلي/3", "2025-09-14"),
        claim: claim(4750, 180, 15),
      });
      demoDebtorFiles.push(file.number);
      await seeder.bankAttachment(file, file.outstanding, "all");
      await seeder.travelBan(file, {
        debtCertainAndDue: "حكم نهائي في الدعوى 2025/4821 مدني كلي/3 مذيل بالصيغة التنفيذية، أعلن للمدين بتاريخ 2025-10-02 ولم يسدد شيئاً.",
        flightRisk: "المدين يسافر إلى الخارج بصفة متكررة، وقد حجز رحلة إلى لندن خلال الشهر القادم.",
        abilityToPay: "يعمل المدين في جهة حكومية ويتقاضى راتباً شهرياً ثابتاً يجاوز 1,800 دينار كويتي.",
      });
    },
    // B. The bank against the demo debtor and a guarantor: named banks attached, a ban granted.
    async () => {
      const file = await seeder.open({
        creditor: institution("bank"),
        debtors: [demoDebtor, { civilId: debtors[0]!.civilId }],
        title: fixedTitle("final_judgment", "محكمة الاستئناف - الدائرة التجارية 2", "2025/1187 استئناف تجاري/2", "2026-02-03", true),
        claim: claim(12340.5, 420, 25, 1110.645),
      });
      demoDebtorFiles.push(file.number);
      await seeder.bankAttachment(file, kdFils(8000), ["NBOK", "KFHO", "BBYN"]);
      const ban = await seeder.travelBan(file, seeder.evidence(file, "KWT"));
      await seeder.decide(file, ban, "grant", grantReasons[0]!);
    },
    // C. The telecom's unpaid bills: a payment order, part paid, a vehicle seizure.
    async () => {
      const file = await seeder.open({
        creditor: institution("telecom"),
        debtors: [demoDebtor],
        title: fixedTitle("payment_order", "المحكمة الكلية - دائرة أوامر الأداء 2", "2026/356 أمر أداء/2", "2026-04-20"),
        claim: claim(385.25, 12, 10),
      });
      demoDebtorFiles.push(file.number);
      await seeder.pay(file, 100_000n, "cash_at_department");
      await seeder.vehicleSeizure(file);
    },
    // D. A settlement for a client of the lawyer, who holds a mandate for this file only.
    async () => {
      const file = await seeder.open({
        creditor: individual(fileClient.civilId),
        debtors: [demoDebtor],
        title: fixedTitle("ratified_settlement", "محكمة حولي الجزئية - الدائرة المدنية 4", "2025/2290 مدني جزئي/4", "2025-12-10"),
        claim: claim(2600, 0, 15),
      });
      demoDebtorFiles.push(file.number);
      await mandate({ civilId: fileClient.civilId }, fileClient.nameEn, allScopes, -1, 364, file);
      const attachment = await seeder.bankAttachment(file, file.outstanding, "all", lawyer);
      await seeder.vehicleSeizure(file, lawyer);
      await seeder.waive(file, attachment, waiveReasons[0]!, lawyer);
    },
    // E. The finance company's file, paid in full: the attachment is lifted, the ban lapses.
    async () => {
      const file = await seeder.open({
        creditor: institution("finance"),
        debtors: [demoDebtor],
        title: fixedTitle("notarized_instrument", "وزارة العدل - إدارة التوثيقات الرسمية - حولي", "2024/7713 توثيق", "2024-10-22"),
        claim: claim(1980, 0, 15),
      });
      demoDebtorFiles.push(file.number);
      await seeder.bankAttachment(file, file.outstanding, "all", lawyer);
      await seeder.travelBan(file, seeder.evidence(file, "KWT"), lawyer);
      await seeder.pay(file, file.outstanding, "bank_transfer");
    },
    // F. The demo creditor's rent case: a seizure waived, a ban rejected, a part attached.
    async () => {
      const debtor = debtors[1]!;
      const file = await seeder.open({
        creditor: individual(demoAccounts.creditor.civilId),
        debtors: [{ civilId: debtor.civilId }],
        title: fixedTitle("final_judgment", "المحكمة الكلية - دائرة الإيجارات 4", "2025/3364 إيجارات/4", "2025-05-18"),
        claim: claim(3300, 95, 15),
      });
      const seizure = await seeder.vehicleSeizure(file);
      await seeder.waive(file, seizure, waiveReasons[2]!);
      const ban = await seeder.travelBan(file, seeder.evidence(file, debtor.nationality));
      await seeder.decide(file, ban, "reject", rejectReasons[0]!);
      await seeder.bankAttachment(file, kdFils(2000), ["NBOK", "GULB"]);
    },
    // G. The demo creditor against a company, on a provisional judgment: nothing asked yet.
    async () => {
      await seeder.open({
        creditor: individual(demoAccounts.creditor.civilId),
        debtors: [{ crNumber: smallCompanies[0]!.crNumber }],
        title: fixedTitle("provisional_judgment", "المحكمة الكلية - الدائرة التجارية 7", "2026/812 تجاري كلي/7", "2026-09-01"),
        claim: claim(18500, 350, 25),
      });
    },
    // H. The client whose mandate expired: the lawyer can no longer act on this file.
    async () => {
      const file = await seeder.open({
        creditor: individual(expiredClient.civilId),
        debtors: [{ civilId: debtors[2]!.civilId }],
        title: titles.title("final_judgment", "civil", kd(7200), false),
        claim: claim(7200, 240, 15),
      });
      await seeder.vehicleSeizure(file);
    },
    // I. The view-only client acts in person; the lawyer may only read.
    async () => {
      const file = await seeder.open({
        creditor: individual(viewOnlyClient.civilId),
        debtors: [{ civilId: debtors[3]!.civilId }],
        title: titles.title("final_judgment", "commercial", kd(15400), false),
        claim: claim(15400, 310, 20),
      });
      await seeder.bankAttachment(file, file.outstanding, "all");
    },
  ];
  for (const story of stories.slice(0, fileCount)) await story();

  // --- the rest of the country -----------------------------------------------------------
  const otherCreditors = individualCreditors.filter((person) => person !== fileClient && person !== viewOnlyClient && person !== expiredClient);
  for (let index = stories.length; index < fileCount; index++) {
    const kind = rng.weighted<CreditorKind>([["bank", 35], ["telecom", 25], ["finance", 20], ["individual", 20]]);
    const companyDebtor = rng.chance({ bank: 0.12, telecom: 0.08, finance: 0.05, individual: 0.08 }[kind]);
    // A few debtors owe many creditors: the skew puts more files on the first debtors.
    const debtor = companyDebtor ? null : debtors[Math.floor(debtors.length * rng.float() ** 1.6)]!;
    const company = companyDebtor ? rng.pick(smallCompanies) : null;
    const parties: PartyIdentity[] = debtor ? [{ civilId: debtor.civilId }] : [{ crNumber: company!.crNumber }];
    if (debtor && (kind === "bank" || kind === "finance") && rng.chance(0.15)) {
      const guarantor = rng.pick(debtors);
      if (guarantor !== debtor) parties.push({ civilId: guarantor.civilId });
    }
    const creditor =
      kind === "individual"
        ? individual(rng.pick(otherCreditors.length > 0 ? otherCreditors : individualCreditors).civilId)
        : institution(kind, kind === "finance" && rng.chance(0.5) ? lawyer : undefined);
    const branch: Branch = kind === "individual" ? rng.weighted<Branch>([["civil", 50], ["rent", 30], ["commercial", 20]]) : "commercial";
    const type = rng.weighted(titleWeights[kind]);
    const principal = principalFor(rng, kind, companyDebtor, branch);
    const grantsInterest = type !== "ratified_settlement" && rng.chance(interestChance[kind]);
    const title = titles.title(type, branch, principal, grantsInterest);
    const file = await seeder.open({ creditor, debtors: parties, title, claim: claimFor(rng, type, principal, grantsInterest) });
    await animate(seeder, file, debtor ? (nationalityOf.get(debtor.civilId) ?? "KWT") : null);
  }

  return summarize(deps.db, seed, demoDebtorFiles, lawyerMandates);
}

/** What happens on an ordinary file, decided by the generator. */
async function animate(seeder: Seeder, file: SeededFile, debtorNationality: string | null): Promise<void> {
  const rng = seeder.rng;
  if (rng.chance(0.22)) return; // opened, nothing asked yet
  if (rng.chance(0.12)) {
    const part = partOf(rng, file.outstanding, 0.1, 0.4);
    if (part) await seeder.pay(file, part, rng.pick(["cash_at_department", "bank_transfer"] as const));
  }
  let wantsAttachment = rng.chance(0.65);
  const wantsSeizure = rng.chance(0.35);
  // No bans over small debts, and only persons can be banned from travel.
  const wantsBan = debtorNationality !== null && file.outstanding >= 1_000_000n && rng.chance(0.4);
  if (!wantsAttachment && !wantsSeizure && !wantsBan) wantsAttachment = true;

  const procedures: SeededProcedure[] = [];
  if (wantsAttachment) {
    const amount = rng.chance(0.7) ? file.outstanding : (partOf(rng, file.outstanding, 0.4, 0.9) ?? file.outstanding);
    const banks = rng.chance(0.55) ? "all" : rng.sample(commercialBankCodes, rng.int(1, 3));
    procedures.push(await seeder.bankAttachment(file, amount, banks));
  }
  if (wantsSeizure) procedures.push(await seeder.vehicleSeizure(file));
  if (wantsBan) {
    const ban = await seeder.travelBan(file, seeder.evidence(file, debtorNationality));
    procedures.push(ban);
    const decision = rng.weighted<"leave" | "grant" | "reject">([["leave", 30], ["grant", 45], ["reject", 25]]);
    if (decision === "grant") await seeder.decide(file, ban, "grant", rng.pick(grantReasons));
    if (decision === "reject") await seeder.decide(file, ban, "reject", rng.pick(rejectReasons));
  }
  for (const procedure of procedures) {
    if ((procedure.status === "ordered" || procedure.status === "under_review") && rng.chance(0.08)) {
      await seeder.waive(file, procedure, rng.pick(waiveReasons));
    }
  }
  if (rng.chance(0.12)) {
    const part = partOf(rng, file.outstanding, 0.1, 0.5);
    if (part) await seeder.pay(file, part, rng.pick(["cash_at_department", "bank_transfer", "reported_by_creditor"] as const));
  }
  if (rng.chance(0.09) && file.outstanding > 0n) {
    await seeder.pay(file, file.outstanding, rng.pick(["cash_at_department", "bank_transfer"] as const));
  }
}

async function summarize(db: Db, seed: number, demoDebtorFiles: string[], lawyerMandates: DemoMandateInfo[]): Promise<DemoSummary> {
  const count = async (table: "persons" | "companies" | "staff_roles" | "mandates" | "agency_orders" | "ledger_entries" | "actions") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  const files = await db.selectFrom("enforcement_files").select(["status"]).select((eb) => eb.fn.countAll<string>().as("n")).groupBy("status").execute();
  const procedures = await db
    .selectFrom("procedures")
    .select(["status", "procedure_kind"])
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .groupBy(["status", "procedure_kind"])
    .execute();
  const byStatus = Object.fromEntries(procedureStatuses.map((status) => [status, 0])) as Record<ProcedureStatus, number>;
  const byKind = Object.fromEntries(procedureKinds.map((kind) => [kind, 0])) as Record<ProcedureKind, number>;
  for (const row of procedures) {
    byStatus[row.status as ProcedureStatus] += Number(row.n);
    byKind[row.procedure_kind] += Number(row.n);
  }
  const filesWith = (status: string) => Number(files.find((row) => row.status === status)?.n ?? 0);
  return {
    seed,
    persons: await count("persons"),
    companies: await count("companies"),
    staffRoles: await count("staff_roles"),
    mandates: await count("mandates"),
    files: files.reduce((sum, row) => sum + Number(row.n), 0),
    openFiles: filesWith("open"),
    satisfiedFiles: filesWith("satisfied"),
    procedures: { total: procedures.reduce((sum, row) => sum + Number(row.n), 0), byStatus, byKind },
    agencyOrders: await count("agency_orders"),
    ledgerEntries: await count("ledger_entries"),
    actions: await count("actions"),
    demoDebtorFiles,
    lawyerMandates,
    accounts: Object.values(demoAccounts),
  };
}
