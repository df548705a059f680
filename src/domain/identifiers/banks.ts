/**
 * Banks by the 4-letter code that appears in a Kuwaiti IBAN (the first four letters
 * of the bank's SWIFT BIC). The Central Bank is a valid IBAN bank code but holds no
 * customer accounts to attach, so it never receives attachment orders.
 */
export const banks = [
  { code: "NBOK", nameAr: "بنك الكويت الوطني", nameEn: "National Bank of Kuwait", receivesOrders: true },
  { code: "KFHO", nameAr: "بيت التمويل الكويتي", nameEn: "Kuwait Finance House", receivesOrders: true },
  { code: "GULB", nameAr: "بنك الخليج", nameEn: "Gulf Bank", receivesOrders: true },
  { code: "COMB", nameAr: "البنك التجاري الكويتي", nameEn: "Commercial Bank of Kuwait", receivesOrders: true },
  { code: "ABKK", nameAr: "البنك الأهلي الكويتي", nameEn: "Al Ahli Bank of Kuwait", receivesOrders: true },
  { code: "KWIB", nameAr: "بنك الكويت الدولي", nameEn: "Kuwait International Bank", receivesOrders: true },
  { code: "BRGN", nameAr: "بنك برقان", nameEn: "Burgan Bank", receivesOrders: true },
  { code: "BBYN", nameAr: "بنك بوبيان", nameEn: "Boubyan Bank", receivesOrders: true },
  { code: "WRBA", nameAr: "بنك وربة", nameEn: "Warba Bank", receivesOrders: true },
  { code: "DOHB", nameAr: "بنك الدوحة - فرع الكويت", nameEn: "Doha Bank (Kuwait branch)", receivesOrders: true },
  { code: "CBKU", nameAr: "بنك الكويت المركزي", nameEn: "Central Bank of Kuwait", receivesOrders: false },
] as const satisfies readonly Bank[];

export type BankCode = (typeof banks)[number]["code"];

export interface Bank {
  readonly code: string;
  readonly nameAr: string;
  readonly nameEn: string;
  readonly receivesOrders: boolean;
}

const bankCodes: ReadonlySet<string> = new Set(banks.map((bank) => bank.code));

export function isBankCode(text: string): text is BankCode {
  return bankCodes.has(text);
}

export function bankByCode(code: BankCode): Bank & { readonly code: BankCode } {
  // Every BankCode comes from the table, so the lookup cannot miss.
  return banks.find((bank) => bank.code === code) as (typeof banks)[number];
}

/** The banks an attachment order can be sent to. */
export const commercialBankCodes: readonly BankCode[] = banks
  .filter((bank) => bank.receivesOrders)
  .map((bank) => bank.code);
