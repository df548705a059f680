/** A list the person edits row by row (accounts, instalments): change one, remove one, add one. */
import { useState } from "react";
import { useTranslation } from "react-i18next";

export function useRows<R>(initial: R[] | (() => R[])) {
  const [rows, setRows] = useState<R[]>(initial);
  return {
    rows,
    setRows,
    update: (index: number, patch: Partial<R>) => setRows((list) => list.map((row, at) => (at === index ? { ...row, ...patch } : row))),
    remove: (index: number) => setRows((list) => list.filter((_, at) => at !== index)),
    add: (row: (list: R[]) => R) => setRows((list) => [...list, row(list)]),
  };
}

/** Removing row `index` (numbered from 1 for the person). */
export function RemoveRow({ index, onRemove }: { index: number; onRemove: (index: number) => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="link-button" onClick={() => onRemove(index)} aria-label={t("plans.removeOf", { number: index + 1 })}>
      {t("plans.remove")}
    </button>
  );
}

/** A row's text cell: written left to right, named for assistive technology (a row has no visible label). */
export function CellInput({ id, label, value, onChange, invalid, decimal = false, className }: { id: string; label: string; value: string; onChange: (value: string) => void; invalid: boolean; decimal?: boolean; className?: string }) {
  return (
    <td>
      <input id={id} dir="ltr" className={className} inputMode={decimal ? "decimal" : undefined} aria-label={label} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={invalid} />
    </td>
  );
}
