/**
 * Proposing to pay in instalments (POST /api/v1/files/:id/instalment-plans): a schedule —
 * drafted as equal monthly instalments, then adjusted row by row — the measures to lift
 * while it is kept, and a note for the creditors. The creditors answer; a judge orders it
 * where the rules say so. The page checks the shape; the API checks the rules.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError, call } from "../../api/client.ts";
import type { FileDetail, Me } from "../../api/types.ts";
import { useResource } from "../../api/use-resource.ts";
import { Kwd } from "../../components/format.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { Empty, ErrorMessage, ErrorState, Loading } from "../../components/states.tsx";
import { agencyName, partyName } from "../../components/vocabulary.ts";
import { compareAmounts, parseAmountInput } from "../../i18n/format.ts";
import { currentLang } from "../../i18n/index.ts";
import { useSession } from "../../session/session.tsx";
import { liftableStatuses, measuresAgainst, myDebtorParties } from "./debtor-file.ts";
import { addMonths, kuwaitToday, monthlySchedule, sumAmounts } from "./schedule.ts";

interface Row {
  dueOn: string;
  amountText: string;
}

function PlanForm({ file, me }: { file: FileDetail; me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mine = myDebtorParties(file, me);
  const [debtorPartyId, setDebtorPartyId] = useState(mine[0]?.id ?? "");
  const [count, setCount] = useState("6");
  const [firstDueOn, setFirstDueOn] = useState(addMonths(kuwaitToday(), 1));
  const [rows, setRows] = useState<Row[]>(() => monthlySchedule(file.outstanding, 6, addMonths(kuwaitToday(), 1)).map((row) => ({ dueOn: row.dueOn, amountText: row.amount })));
  const [lift, setLift] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<{ key: string; row: number | null } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const liftable = measuresAgainst(file, mine.filter((party) => party.id === debtorPartyId)).filter((procedure) => liftableStatuses.has(procedure.status));

  const draft = () => {
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 120 || !/^\d{4}-\d{2}-\d{2}$/.test(firstDueOn)) {
      setProblem({ key: "plans.errors.draft", row: null });
      return;
    }
    setProblem(null);
    setRows(monthlySchedule(file.outstanding, n, firstDueOn).map((row) => ({ dueOn: row.dueOn, amountText: row.amount })));
  };
  const update = (index: number, patch: Partial<Row>) => setRows((list) => list.map((row, at) => (at === index ? { ...row, ...patch } : row)));

  const parsed = rows.map((row) => parseAmountInput(row.amountText));
  const total = parsed.every((amount) => amount !== null) ? sumAmounts(parsed as string[]) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wrongRow = rows.findIndex((row, index) => !/^\d{4}-\d{2}-\d{2}$/.test(row.dueOn) || parsed[index] === null || compareAmounts(parsed[index]!, "0") <= 0);
    const failed =
      rows.length === 0
        ? { key: "plans.errors.empty", row: null }
        : wrongRow >= 0
          ? { key: "plans.errors.row", row: wrongRow }
          : total !== null && compareAmounts(total, file.outstanding) > 0
            ? { key: "plans.errors.tooMuch", row: null }
            : null;
    if (failed) {
      setProblem(failed);
      requestAnimationFrame(() => document.getElementById(failed.row !== null ? `instalment-amount-${failed.row}` : "plan-error")?.focus());
      return;
    }
    setProblem(null);
    setBusy(true);
    setFailure(null);
    try {
      await call(`/api/v1/files/${file.id}/instalment-plans`, {
        json: { debtorPartyId, instalments: rows.map((row, index) => ({ dueOn: row.dueOn, amount: parsed[index]! })), liftProcedureIds: lift, ...(note.trim() ? { note: note.trim() } : {}) },
      });
      navigate(`/debts/${file.id}`, { state: { notice: "plans.proposed" } });
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null));
      setBusy(false);
    }
  };

  return (
    <form className="card step-form" onSubmit={submit} noValidate>
      {mine.length > 1 ? (
        <div className="field">
          <label htmlFor="plan-debtor">{t("plans.debtor")}</label>
          <select id="plan-debtor" value={debtorPartyId} onChange={(event) => setDebtorPartyId(event.target.value)}>
            {mine.map((party) => (
              <option key={party.id} value={party.id}>
                {partyName(party)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <fieldset>
        <legend>{t("plans.draftTitle")}</legend>
        <div className="inline-fields">
          <div className="field">
            <label htmlFor="plan-count">{t("plans.count")}</label>
            <input id="plan-count" type="number" inputMode="numeric" min={1} max={120} value={count} onChange={(event) => setCount(event.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="plan-first">{t("plans.firstDue")}</label>
            <input id="plan-first" type="date" value={firstDueOn} onChange={(event) => setFirstDueOn(event.target.value)} />
          </div>
          <div className="field actions">
            <button type="button" className="button secondary" id="plan-draft" onClick={draft}>
              {t("plans.draft")}
            </button>
          </div>
        </div>
        <p className="hint">{t("plans.draftHint")}</p>
      </fieldset>
      <fieldset>
        <legend>{t("plans.schedule")}</legend>
        <div className="table-wrap">
          <table className="simple schedule-table">
            <thead>
              <tr>
                <th scope="col">{t("plans.number")}</th>
                <th scope="col">{t("plans.dueOn")}</th>
                <th scope="col">{t("plans.amount")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("plans.remove")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={index}>
                  <th scope="row">{index + 1}</th>
                  <td>
                    <input type="date" aria-label={t("plans.dueOnOf", { number: index + 1 })} value={row.dueOn} onChange={(event) => update(index, { dueOn: event.target.value })} />
                  </td>
                  <td>
                    <input
                      id={`instalment-amount-${index}`}
                      inputMode="decimal"
                      dir="ltr"
                      aria-label={t("plans.amountOf", { number: index + 1 })}
                      value={row.amountText}
                      onChange={(event) => update(index, { amountText: event.target.value })}
                      aria-invalid={problem?.row === index}
                    />
                  </td>
                  <td>
                    <button type="button" className="link-button" onClick={() => setRows((list) => list.filter((_, at) => at !== index))} aria-label={t("plans.removeOf", { number: index + 1 })}>
                      {t("plans.remove")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {t("plans.total")}
                </th>
                <td id="plan-total">{total !== null ? <Kwd value={total} /> : "—"}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        </div>
        <button type="button" className="button secondary" onClick={() => setRows((list) => [...list, { dueOn: list.length ? addMonths(list[list.length - 1]!.dueOn, 1) : firstDueOn, amountText: "" }])}>
          {t("plans.addRow")}
        </button>
        <p className="hint">
          {t("plans.outstandingIs")} <Kwd value={file.outstanding} />
        </p>
      </fieldset>
      <fieldset>
        <legend>{t("plans.liftTitle")}</legend>
        {liftable.length === 0 ? (
          <p className="muted">{t("plans.nothingToLift")}</p>
        ) : (
          liftable.map((procedure) => (
            <label key={procedure.id} className="check">
              <input
                type="checkbox"
                value={procedure.id}
                checked={lift.includes(procedure.id)}
                onChange={(event) => setLift((list) => (event.target.checked ? [...list, procedure.id] : list.filter((id) => id !== procedure.id)))}
              />
              <span>
                {t(`vocab.procedureKind.${procedure.kind}`)} — {t(`vocab.procedureStatus.${procedure.status}`)}
                {procedure.orders.length > 0 ? <span className="muted"> ({procedure.orders.map((order) => agencyName(order.agencyKey, t)).slice(0, 3).join(currentLang() === "ar" ? "، " : ", ")})</span> : null}
              </span>
            </label>
          ))
        )}
        <p className="hint">{t("plans.liftHint")}</p>
      </fieldset>
      <div className="field">
        <label htmlFor="plan-note">{t("plans.note")}</label>
        <textarea id="plan-note" rows={3} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
      {problem && problem.row === null ? (
        <p className="error-text" role="alert" id="plan-error" tabIndex={-1}>
          {t(problem.key)}
        </p>
      ) : null}
      {problem && problem.row !== null ? (
        <p className="error-text" role="alert">
          {t(problem.key, { number: problem.row + 1 })}
        </p>
      ) : null}
      {failure ? <ErrorMessage error={failure} /> : null}
      <div className="step-buttons">
        <button type="submit" className="button" id="plan-submit" disabled={busy}>
          {t("plans.submit")}
        </button>
      </div>
    </form>
  );
}

export function InstalmentsPage() {
  const { t } = useTranslation();
  const { fileId = "" } = useParams();
  const { session } = useSession();
  const detail = useResource((signal) => call<FileDetail>(`/api/v1/files/${encodeURIComponent(fileId)}`, { signal }), [fileId]);
  usePageTitle(t("plans.proposeTitle"));
  return (
    <div className="plan-page">
      <h1>{t("plans.proposeTitle")}</h1>
      <p>{t("plans.proposeIntro")}</p>
      {detail.state === "loading" || session.state !== "signed-in" ? <Loading /> : null}
      {detail.state === "error" ? <ErrorState error={detail.error} onRetry={detail.reload} /> : null}
      {detail.state === "ready" && session.state === "signed-in" ? (
        <>
          <p className="muted">
            {t("debts.file", { number: "" })}
            <bdi dir="ltr">{detail.data.number}</bdi>
          </p>
          {detail.data.status === "open" && myDebtorParties(detail.data, session.me).length > 0 ? <PlanForm file={detail.data} me={session.me} /> : <Empty>{t("debts.notYours")}</Empty>}
        </>
      ) : null}
      <p>
        <Link to={`/debts/${fileId}`}>{t("request.cancel")}</Link>
      </p>
    </div>
  );
}
