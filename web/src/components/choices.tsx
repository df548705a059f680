/**
 * Choosing: one of several (a radio button with its name in bold and a hint under it), or
 * the measures a decision or a plan lifts (checkboxes, "nothing to lift" when there is none).
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Procedure } from "../api/types.ts";

export function Choice({
  name,
  value,
  checked,
  onChoose,
  label,
  aside,
  hint,
  hintId,
  id,
}: {
  name: string;
  value?: string;
  checked: boolean;
  onChoose: () => void;
  label: ReactNode;
  /** Beside the name (an amount). */
  aside?: ReactNode;
  hint?: ReactNode;
  /** The hint's id, when the radio button is described by it. */
  hintId?: string;
  id?: string;
}) {
  return (
    <label className="choice">
      <input type="radio" name={name} id={id} value={value} checked={checked} onChange={onChoose} aria-describedby={hintId} />
      <span>
        <strong>{label}</strong>
        {aside ? <> {aside}</> : null}
        {hint ? (
          <span id={hintId} className="hint block">
            {hint}
          </span>
        ) : null}
      </span>
    </label>
  );
}

/** Measures to tick (which to lift): each named by its kind and status, with what `detail` adds. */
export function MeasureChoice({
  legend,
  procedures,
  chosen,
  onChange,
  detail,
  hint,
}: {
  legend: string;
  hint?: string;
  procedures: Procedure[];
  chosen: string[];
  onChange: (chosen: string[]) => void;
  detail?: (procedure: Procedure) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{legend}</legend>
      {procedures.length === 0 ? (
        <p className="muted">{t("plans.nothingToLift")}</p>
      ) : (
        procedures.map((procedure) => (
          <label key={procedure.id} className="check">
            <input
              type="checkbox"
              value={procedure.id}
              checked={chosen.includes(procedure.id)}
              onChange={(event) => onChange(event.target.checked ? [...chosen, procedure.id] : chosen.filter((id) => id !== procedure.id))}
            />
            <span>
              {t(`vocab.procedureKind.${procedure.kind}`)} — {t(`vocab.procedureStatus.${procedure.status}`)}
              {detail?.(procedure)}
            </span>
          </label>
        ))
      )}
      {hint ? <p className="hint">{hint}</p> : null}
    </fieldset>
  );
}
