/**
 * A form field: its label, the control, a hint and the error tied to it (aria-describedby,
 * aria-invalid), so a screen reader reads why a value is wrong where the focus lands.
 */
import { useState, type ReactNode } from "react";

export interface Described {
  "aria-describedby"?: string;
  "aria-invalid": boolean;
}

export function Field({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: ReactNode; children: (described: Described) => ReactNode }) {
  const wrong = error !== undefined && error !== null && error !== false;
  const describedBy = [hint ? `${id}-hint` : "", wrong ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ "aria-describedby": describedBy || undefined, "aria-invalid": wrong })}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <Problem id={`${id}-error`}>{wrong ? error : null}</Problem>
    </div>
  );
}

/** What is wrong with what was typed, announced as it appears; nothing when nothing is. */
export function Problem({ id, children }: { id?: string; children: ReactNode }) {
  if (children === null || children === undefined || children === false || children === "") return null;
  return (
    <p className="error-text" role="alert" id={id}>
      {children}
    </p>
  );
}

/**
 * A value the form cannot go without: `filled(value)` says whether it is there (or not
 * needed now); if not, the field is marked and gets the focus.
 */
export function useRequired(fieldId: string) {
  const [missing, setMissing] = useState(false);
  const filled = (value: string, needed = true) => {
    const missingNow = needed && !value.trim();
    setMissing(missingNow);
    if (missingNow) document.getElementById(fieldId)?.focus();
    return !missingNow;
  };
  return { missing, filled };
}
