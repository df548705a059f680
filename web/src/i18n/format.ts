/**
 * How amounts and times are shown: Kuwaiti dinars with exactly three decimals (the API
 * sends them as decimal strings, so no float ever touches money), and times in
 * Asia/Kuwait whatever the device's zone. Pure: used by the pages and by node tests.
 */
export type Lang = "ar" | "en";

export const KUWAIT_TIME_ZONE = "Asia/Kuwait";

// Western digits in both languages: civil IDs, IBANs and amounts are written with them in
// Kuwait, and one set of digits keeps figures comparable between the two interfaces.
const locales: Record<Lang, string> = { ar: "ar-KW-u-nu-latn", en: "en-GB" };

export function localeOf(lang: Lang): string {
  return locales[lang];
}

const amountPattern = /^(-)?(\d+)(?:\.(\d{1,3}))?$/;

/** "1234.5" → "1,234.500" (grouped per language); null for anything that is not an amount. */
export function formatAmount(decimal: string, lang: Lang): string | null {
  const match = amountPattern.exec(decimal.trim());
  if (!match) return null;
  const [, minus, whole, fraction = ""] = match;
  const grouped = new Intl.NumberFormat(localeOf(lang), { useGrouping: true }).format(BigInt(whole!));
  const decimalSign = new Intl.NumberFormat(localeOf(lang)).formatToParts(1.5).find((part) => part.type === "decimal")?.value ?? ".";
  return `${minus ? "-" : ""}${grouped}${decimalSign}${fraction.padEnd(3, "0")}`;
}

export const currencyLabel: Record<Lang, string> = { ar: "د.ك", en: "KWD" };

/** An amount with its currency: "1,234.500 د.ك" / "KWD 1,234.500". */
export function formatKwd(decimal: string, lang: Lang): string {
  const amount = formatAmount(decimal, lang) ?? decimal;
  return lang === "ar" ? `${amount} ${currencyLabel.ar}` : `${currencyLabel.en} ${amount}`;
}

/** "1,234.500" or "1234.5" as typed → the API's decimal string "1234.500", or null. */
export function parseAmountInput(text: string): string | null {
  const plain = text.trim().replace(/[,\s٬]/g, "").replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660)).replace("٫", ".");
  const match = /^(\d{1,12})(?:\.(\d{1,3}))?$/.exec(plain);
  if (!match) return null;
  return `${BigInt(match[1]!).toString()}.${(match[2] ?? "").padEnd(3, "0")}`;
}

/** Compares two decimal KWD strings exactly (in fils). */
export function compareAmounts(a: string, b: string): number {
  const fils = (text: string) => {
    const match = amountPattern.exec(text)!;
    return BigInt(`${match[1] ?? ""}${match[2]}${(match[3] ?? "").padEnd(3, "0")}`);
  };
  const difference = fils(a) - fils(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
}

export function formatDateTime(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(localeOf(lang), { timeZone: KUWAIT_TIME_ZONE, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

export function formatDate(isoOrDay: string, lang: Lang): string {
  // A calendar day ("2025-11-02") is a date in Kuwait already: read it at noon there.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(isoOrDay) ? new Date(`${isoOrDay}T12:00:00+03:00`) : new Date(isoOrDay);
  return new Intl.DateTimeFormat(localeOf(lang), { timeZone: KUWAIT_TIME_ZONE, dateStyle: "long" }).format(date);
}
