/**
 * A decision with reasons, as the back office takes them: one choice among the decisions
 * the API offers, fields that choice needs, and the reasons (required where the API
 * requires them; they are recorded with the decision and shown to the parties). The first
 * wrong field gets focus and says why.
 */
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useAction } from "../api/use-action.ts";
import { Choice } from "./choices.tsx";
import { Submit } from "./states.tsx";

export function DecisionForm<D extends string>({
  id,
  legend,
  options,
  hints = {},
  reasonsLabel,
  reasonsHint,
  reasonsFor,
  extra,
  validate,
  onSubmit,
}: {
  id: string;
  legend: string;
  /** Each decision offered, in order, with the translation key of its name; its hint is the key + "Hint" unless `hints` names another. */
  options: Partial<Record<D, string>>;
  hints?: Partial<Record<D, string>>;
  /** The reasons' label (default: "Reasons"). */
  reasonsLabel?: string;
  reasonsHint?: string;
  /** The decisions that need reasons (the API's rule); default: all of them. */
  reasonsFor?: D[];
  /** Fields a decision needs besides the reasons. */
  extra?: (decision: D) => ReactNode;
  /** A problem with those fields: the message (already translated) and the id of the field to focus. */
  validate?: (decision: D) => { message: string; field: string } | null;
  onSubmit: (decision: D, reasons: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const offered = Object.entries(options) as [D, string][];
  const reasonsRequired = (chosen: D) => reasonsFor === undefined || reasonsFor.includes(chosen);
  const [decision, setDecision] = useState<D>(offered[0]![0]);
  const [reasons, setReasons] = useState("");
  const [problem, setProblem] = useState<{ message: string; field: string } | null>(null);
  const recording = useAction();
  const reasonsId = `${id}-reasons`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate?.(decision) ?? (reasonsRequired(decision) && !reasons.trim() ? { message: t("decisions.reasonsRequired"), field: reasonsId } : null);
    if (found) {
      setProblem(found);
      document.getElementById(found.field)?.focus();
      return;
    }
    if (reasonsRequired(decision) && !reasons.trim()) {
      setProblem({ message: t("decisions.reasonsRequired"), field: reasonsId });
      document.getElementById(reasonsId)?.focus();
      return;
    }
    setProblem(null);
    // Recorded, the page moves on (back to the queue, or to what was decided).
    await recording.run(() => onSubmit(decision, reasons.trim()), { leaving: true });
  };

  return (
    <form className="card decision-form" id={id} onSubmit={submit} noValidate>
      <fieldset>
        <legend>{legend}</legend>
        <div className="choices">
          {offered.map(([value, key]) => (
            <Choice key={value} name={`${id}-decision`} value={value} checked={decision === value} onChoose={() => setDecision(value)} label={t(key)} hint={t(hints[value] ?? `${key}Hint`)} />
          ))}
        </div>
      </fieldset>
      {extra ? extra(decision) : null}
      <div className="field">
        <label htmlFor={reasonsId}>
          {reasonsLabel ?? t("decisions.reasons")}
          {reasonsRequired(decision) ? "" : ` ${t("decisions.optional")}`}
        </label>
        <textarea
          id={reasonsId}
          rows={4}
          maxLength={4000}
          value={reasons}
          onChange={(event) => setReasons(event.target.value)}
          aria-invalid={problem?.field === reasonsId}
          aria-describedby={[reasonsHint ? `${reasonsId}-hint` : "", problem ? `${id}-problem` : ""].filter(Boolean).join(" ") || undefined}
        />
        {reasonsHint ? (
          <p className="hint" id={`${reasonsId}-hint`}>
            {reasonsHint}
          </p>
        ) : null}
      </div>
      {problem ? (
        <p className="error-text" role="alert" id={`${id}-problem`}>
          {problem.message}
        </p>
      ) : null}
      <Submit action={recording} label={t("decisions.record")} id={`${id}-submit`} />
    </form>
  );
}
