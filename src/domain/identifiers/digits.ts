/**
 * Arabic users type Arabic-Indic digits (U+0660–U+0669), and Persian/Urdu keyboards
 * produce the extended forms (U+06F0–U+06F9). Parsers map both to ASCII before
 * checking a format, so one rule serves every keyboard.
 */
const arabicIndicZero = 0x0660;
const extendedArabicIndicZero = 0x06f0;

export function toLatinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => {
    const code = digit.charCodeAt(0);
    const zero = code >= extendedArabicIndicZero ? extendedArabicIndicZero : arabicIndicZero;
    return String(code - zero);
  });
}
