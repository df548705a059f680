/**
 * A form field: its label, the control, a hint and the error tied to it (aria-describedby,
 * aria-invalid), so a screen reader reads why a value is wrong where the focus lands.
 */
import type { ReactNode } from "react";

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
      {wrong ? (
        <p className="error-text" role="alert" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
