/**
 * Deterministic stand-in data: bank accounts, vehicles and securities that a debtor
 * "has", derived from (seed, agency, debtor id) alone, so the same seed always gives the
 * same country and two processes agree without sharing state. Not for anything secret.
 */
import { commercialBankCodes, makeIban, type BankCode } from "../../domain/identifiers/index.ts";

/** The seeded generator the stand-ins share with the demo data. */
import { Random as Prng } from "../../lib/random.ts";
export { Prng };

/** A person's civil ID (12 digits, starting 2 or 3); anything else is taken as a CR number. */
export function isPersonId(debtorId: string): boolean {
  return /^[23][0-9]{11}$/.test(debtorId);
}

// ---- banks -----------------------------------------------------------------------------

/** Market share, roughly: where a debtor is likely to bank. */
const bankWeights: readonly (readonly [BankCode, number])[] = [
  ["NBOK", 20],
  ["KFHO", 20],
  ["GULB", 10],
  ["COMB", 7],
  ["ABKK", 7],
  ["KWIB", 5],
  ["BRGN", 8],
  ["BBYN", 13],
  ["WRBA", 6],
  ["DOHB", 2],
];

/** The banks where a debtor holds accounts: none for about 1 in 6, otherwise 1 to 3. */
export function banksOfDebtor(seed: number, debtorId: string): BankCode[] {
  const rng = Prng.of(seed, "banks", debtorId);
  if (rng.chance(0.16)) return [];
  const count = rng.weighted([
    [1, 50],
    [2, 32],
    [3, 18],
  ] as const);
  const available = bankWeights.filter(([code]) => commercialBankCodes.includes(code));
  return rng.weightedSample(available, count);
}

export interface GeneratedAccount {
  iban: string;
  /** Integer fils. */
  balance: bigint;
  /**
   * Salary and exempt credits that make up part of the balance (Art. 216): what a bank
   * declares separately (protection.declaration). Absent: none.
   */
  credits?: GeneratedCredit[];
}

export interface GeneratedCredit {
  /** The bank's reference of the credit: with the IBAN, it names it. */
  reference: string;
  /** "salary", or an exempt kind (social_assistance, student_stipend, rent_allowance, maintenance). */
  category: string;
  amount: bigint;
}

const exemptKinds = ["social_assistance", "student_stipend", "rent_allowance", "maintenance"] as const;

/**
 * A person's salary and exempt credits on one account, from their own stream (the balances
 * do not change): about 1 account in 3 holding at least KD 300 is a salary account (a salary
 * of KD 300–4,000, within the balance), and about 1 in 10 also received an exempt sum.
 */
export function generateCredits(seed: number, bankCode: BankCode, debtorId: string, index: number, balance: bigint): GeneratedCredit[] {
  if (!isPersonId(debtorId) || balance < 300_000n) return [];
  const rng = Prng.of(seed, "credits", bankCode, debtorId, index);
  const credits: GeneratedCredit[] = [];
  let room = balance;
  if (rng.chance(0.35)) {
    const salary = BigInt(Math.round(rng.logUniform(300_000, Math.min(4_000_000, Number(room)))));
    credits.push({ reference: `SAL-${rng.digits(6)}`, category: "salary", amount: salary });
    room -= salary;
  }
  if (room >= 50_000n && rng.chance(0.1)) {
    const amount = BigInt(Math.round(rng.logUniform(50_000, Math.min(600_000, Number(room)))));
    credits.push({ reference: `EXM-${rng.digits(6)}`, category: rng.pick(exemptKinds), amount });
  }
  return credits;
}

/** The debtor's accounts at one bank: none unless the bank is one of banksOfDebtor. */
export function generateAccounts(seed: number, bankCode: BankCode, debtorId: string): GeneratedAccount[] {
  if (!banksOfDebtor(seed, debtorId).includes(bankCode)) return [];
  const rng = Prng.of(seed, "accounts", bankCode, debtorId);
  const count = rng.chance(0.75) ? 1 : 2;
  const company = !isPersonId(debtorId);
  return Array.from({ length: count }, (_, index) => {
    // About 1 in 12 accounts is empty; the rest spread from 0.5 KD to 50,000 KD.
    const balance = rng.chance(0.08) ? 0n : BigInt(Math.round(rng.logUniform(500, company ? 50_000_000 : 30_000_000)));
    const credits = generateCredits(seed, bankCode, debtorId, index, balance);
    return { iban: makeIban(bankCode, `0000${rng.digits(18)}`), balance, ...(credits.length > 0 ? { credits } : {}) };
  });
}

// ---- vehicles --------------------------------------------------------------------------

export interface GeneratedVehicle {
  plate: string;
  vin: string;
  make: string;
  model: string;
  year: number;
}

/** World manufacturer identifiers and models, as registered in Kuwait. */
const vehicleMakes: readonly { make: string; wmi: string; models: readonly string[]; weight: number }[] = [
  { make: "Toyota", wmi: "JTM", models: ["Land Cruiser", "Camry", "Corolla", "Land Cruiser Prado", "Hilux"], weight: 26 },
  { make: "Nissan", wmi: "JN1", models: ["Patrol", "Sunny", "Altima", "X-Trail"], weight: 16 },
  { make: "Lexus", wmi: "JTH", models: ["LX 600", "ES 350", "RX 350", "GX 460"], weight: 9 },
  { make: "GMC", wmi: "1GK", models: ["Yukon", "Sierra", "Acadia"], weight: 9 },
  { make: "Hyundai", wmi: "KMH", models: ["Elantra", "Sonata", "Tucson", "Accent"], weight: 10 },
  { make: "Chevrolet", wmi: "1GN", models: ["Tahoe", "Malibu", "Captiva", "Silverado"], weight: 9 },
  { make: "Kia", wmi: "KNA", models: ["Sportage", "Cerato", "Sorento"], weight: 7 },
  { make: "Mitsubishi", wmi: "JA4", models: ["Pajero", "Lancer", "Outlander"], weight: 5 },
  { make: "Ford", wmi: "1FM", models: ["Explorer", "Expedition", "Edge"], weight: 5 },
  { make: "Mercedes-Benz", wmi: "WDD", models: ["E 200", "S 500", "C 200"], weight: 4 },
];

const vinCharacters = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
const vinValues: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5,
  P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const vinWeights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
/** Model-year codes (position 10) from 2001. */
const vinYearCodes = "123456789ABCDEFGHJKLMNPRSTVWXY";

function vinValue(char: string): number {
  return /[0-9]/.test(char) ? Number(char) : (vinValues[char] ?? 0);
}

/** The ISO 3779 / North American check digit (position 9): weighted sum mod 11, 10 is "X". */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += vinValue(vin.charAt(i)) * vinWeights[i]!;
  const check = sum % 11;
  return check === 10 ? "X" : String(check);
}

export function isValidVin(vin: string): boolean {
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(vin) && vin.charAt(8) === vinCheckDigit(vin);
}

function makeVin(rng: Prng, wmi: string, year: number): string {
  let descriptor = "";
  for (let i = 0; i < 5; i++) descriptor += rng.pick([...vinCharacters]);
  const yearCode = vinYearCodes.charAt(year - 2001);
  const plant = rng.pick([..."ABCDEFGHJKLMNPRSTUVWXYZ"]);
  const draft = `${wmi}${descriptor}0${yearCode}${plant}${rng.digits(6)}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

/** Vehicles registered to a debtor: 0–3 for a person, 0–6 for a company (a fleet). */
export function generateVehicles(seed: number, debtorId: string): GeneratedVehicle[] {
  const rng = Prng.of(seed, "vehicles", debtorId);
  const count = isPersonId(debtorId)
    ? rng.weighted([
        [0, 30],
        [1, 35],
        [2, 25],
        [3, 10],
      ] as const)
    : rng.int(0, 6);
  return Array.from({ length: count }, () => {
    const kind = rng.weighted(vehicleMakes.map((entry) => [entry, entry.weight] as const));
    const year = rng.int(2005, 2025);
    return {
      plate: `${rng.int(1, 99)}/${rng.int(1, 99_999)}`,
      vin: makeVin(rng, kind.wmi, year),
      make: kind.make,
      model: rng.pick(kind.models),
      year,
    };
  });
}

// ---- securities --------------------------------------------------------------------------

export interface GeneratedHolding {
  symbol: string;
  quantity: number;
  /** Integer fils: quantity × a reference price. */
  value: bigint;
}

/** Shares listed on Boursa Kuwait, with a reference price per share in fils (illustrative). */
export const listedShares: readonly { symbol: string; priceFils: number }[] = [
  { symbol: "NBK", priceFils: 980 },
  { symbol: "KFH", priceFils: 760 },
  { symbol: "ZAIN", priceFils: 480 },
  { symbol: "AGILITY", priceFils: 265 },
  { symbol: "BOUBYAN", priceFils: 615 },
  { symbol: "GBK", priceFils: 295 },
  { symbol: "CBK", priceFils: 520 },
  { symbol: "ABK", priceFils: 305 },
  { symbol: "BURGAN", priceFils: 205 },
  { symbol: "WARBA", priceFils: 230 },
  { symbol: "KIB", priceFils: 225 },
  { symbol: "MABANEE", priceFils: 845 },
  { symbol: "HUMANSOFT", priceFils: 2750 },
  { symbol: "OOREDOO", priceFils: 1120 },
];

/** Securities at the clearing company: about 4 in 10 persons and half the companies hold some. */
export function generateSecurities(seed: number, debtorId: string): GeneratedHolding[] {
  const rng = Prng.of(seed, "securities", debtorId);
  if (!rng.chance(isPersonId(debtorId) ? 0.4 : 0.5)) return [];
  const count = rng.int(1, 4);
  return rng
    .shuffle(listedShares)
    .slice(0, count)
    .map((share) => {
      const quantity = Math.max(10, Math.round(rng.logUniform(100, 250_000) / 10) * 10);
      return { symbol: share.symbol, quantity, value: BigInt(quantity) * BigInt(share.priceFils) };
    });
}
