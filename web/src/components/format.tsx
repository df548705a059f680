/** Amounts and times as elements: KWD with three decimals, Kuwait time, machine-readable datetime. */
import { currentLang } from "../i18n/index.ts";
import { formatDate, formatDateTime, formatKwd } from "../i18n/format.ts";
import { useTranslation } from "react-i18next";

export function Kwd({ value }: { value: string | null | undefined }) {
  useTranslation();
  if (value === null || value === undefined) return <span>—</span>;
  return (
    <span className="amount" data-amount={value}>
      {formatKwd(value, currentLang())}
    </span>
  );
}

export function DateTime({ iso, dateOnly = false }: { iso: string | null | undefined; dateOnly?: boolean }) {
  useTranslation();
  if (!iso) return <span>—</span>;
  const lang = currentLang();
  return <time dateTime={iso}>{dateOnly ? formatDate(iso, lang) : formatDateTime(iso, lang)}</time>;
}
