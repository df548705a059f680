/**
 * Searching a list: a search landmark with its fields and the button that applies them
 * (the page keeps what was asked in the address); a select field offers "all" and the
 * values the API takes.
 */
import type { FormEvent, ReactNode } from "react";

export function Filters({
  label,
  className = "filters card",
  onSubmit,
  submitId,
  submitLabel,
  more,
  children,
}: {
  label: string;
  className?: string;
  onSubmit: (event: FormEvent) => void;
  submitId: string;
  submitLabel: string;
  /** Beside the button (clearing the search). */
  more?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form className={className} role="search" aria-label={label} onSubmit={onSubmit}>
      {children}
      <div className="field actions">
        <button type="submit" className="button" id={submitId}>
          {submitLabel}
        </button>
        {more}
      </div>
    </form>
  );
}

export interface Option {
  value: string;
  label: string;
  /** The option's own language, when it is written in it (a language's name). */
  lang?: string;
}

export function SelectField({ id, label, value, onChange, options, all }: { id: string; label: string; value: string; onChange: (value: string) => void; options: Option[]; all?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {all !== undefined ? <option value="">{all}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value} lang={option.lang}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
