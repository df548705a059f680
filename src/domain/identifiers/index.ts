export { toLatinDigits } from "./digits.ts";
export { banks, bankByCode, commercialBankCodes, isBankCode, type Bank, type BankCode } from "./banks.ts";
export {
  type CivilId,
  type BirthDate,
  type CivilIdInvalidReason,
  parseCivilId,
  isCivilId,
  civilIdBirthDate,
  makeCivilId,
  maskCivilId,
} from "./civil-id.ts";
export {
  type CrNumber,
  type CrNumberFormat,
  crNumberFormat,
  parseCrNumber,
  isCrNumber,
} from "./commercial-registration.ts";
export { type Iban, IBAN_LENGTH, parseIban, isIban, makeIban, formatIban, ibanBankCode } from "./iban.ts";
export {
  type FileNumber,
  MIN_FILE_YEAR,
  MAX_FILE_YEAR,
  MAX_FILE_SEQUENCE,
  formatFileNumber,
  parseFileNumber,
  isFileNumber,
} from "./file-number.ts";
