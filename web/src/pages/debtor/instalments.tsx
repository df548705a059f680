/**
 * Proposing to pay in instalments (POST /api/v1/files/:id/instalment-plans): a schedule —
 * drafted as equal monthly instalments, then adjusted row by row — the measures to lift
 * while it is kept, and a note for the creditors. The creditors answer; a judge orders it
 * where the rules say so. The page checks the shape; the API checks the rules.
 */
import { useState, type FormEvent } from "react";
import { DocumentUpload, type Uploaded } from "../../components/document-upload.tsx";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { answer, api } from "../../api/client.ts";
import type { FileDetail, Me } from "../../api/types.ts";
import { useAction } from "../../api/use-action.ts";
import { MeasureChoice } from "../../components/choices.tsx";
import { CellInput, RemoveRow, useRows } from "../../components/rows.tsx";
import { Kwd } from "../../components/format.tsx";
import { Submit } from "../../components/states.tsx";
import { Table } from "../../components/table.tsx";
import { agencyName } from "../../components/vocabulary.ts";
import { compareAmounts, parseAmountInput } from "../../i18n/format.ts";
import { DebtorChoice } from "./debtor-choice.tsx";
import { liftableStatuses, measuresAgainst, myDebtorParties } from "./debtor-file.ts";
import { DebtorTask } from "./debtor-task.tsx";
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
  const schedule = useRows<Row>(() => monthlySchedule(file.outstanding, 6, addMonths(kuwaitToday(), 1)).map((row) => ({ dueOn: row.dueOn, amountText: row.amount })));
  const { rows, update } = schedule;
  const [lift, setLift] = useState<string[]>([]);
  const [note, setNote] = useState("");
  const [problem, setProblem] = useState<{ key: string; row: number | null } | null>(null);
  const proposing = useAction();
  const [papers, setPapers] = useState<Uploaded[]>([]);
  const [uploading, setUploading] = useState(false);
  const liftable = measuresAgainst(file, mine.filter((party) => party.id === debtorPartyId)).filter((procedure) => liftableStatuses.has(procedure.status));

  const draft = () => {
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > 120 || !/^\d{4}-\d{2}-\d{2}$/.test(firstDueOn)) {
      setProblem({ key: "plans.errors.draft", row: null });
      return;
    }
    setProblem(null);
    schedule.setRows(monthlySchedule(file.outstanding, n, firstDueOn).map((row) => ({ dueOn: row.dueOn, amountText: row.amount })));
  };

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
    await proposing.run(
      async () => {
        await answer(
          api.POST("/api/v1/files/{fileId}/instalment-plans", {
            params: { path: { fileId: file.id } },
            body: { debtorPartyId, instalments: rows.map((row, index) => ({ dueOn: row.dueOn, amount: parsed[index]! })), liftProcedureIds: lift, ...(note.trim() ? { note: note.trim() } : {}), ...(papers.length > 0 ? { documentIds: papers.map((paper) => paper.id) } : {}) },
          }),
        );
        navigate(`/debts/${file.id}`, { state: { notice: "plans.proposed" } });
      },
      { leaving: true },
    );
  };

  return (
    <form className="card step-form" onSubmit={submit} noValidate>
      <DebtorChoice id="plan-debtor" parties={mine} value={debtorPartyId} onChange={setDebtorPartyId} />
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
        <Table
          className="simple schedule-table"
          columns={[t("plans.number"), t("plans.dueOn"), t("plans.amount"), <span className="visually-hidden">{t("plans.remove")}</span>]}
          footer={
            <tr>
              <th scope="row" colSpan={2}>
                {t("plans.total")}
              </th>
              <td id="plan-total">{total !== null ? <Kwd value={total} /> : "—"}</td>
              <td />
            </tr>
          }
        >
          {rows.map((row, index) => (
            <tr key={index}>
              <th scope="row">{index + 1}</th>
              <td>
                <input type="date" aria-label={t("plans.dueOnOf", { number: index + 1 })} value={row.dueOn} onChange={(event) => update(index, { dueOn: event.target.value })} />
              </td>
              <CellInput id={`instalment-amount-${index}`} decimal label={t("plans.amountOf", { number: index + 1 })} value={row.amountText} onChange={(amountText) => update(index, { amountText })} invalid={problem?.row === index} />
              <td>
                <RemoveRow index={index} onRemove={schedule.remove} />
              </td>
            </tr>
          ))}
        </Table>
        <button type="button" className="button secondary" onClick={() => schedule.add((list) => ({ dueOn: list.length ? addMonths(list[list.length - 1]!.dueOn, 1) : firstDueOn, amountText: "" }))}>
          {t("plans.addRow")}
        </button>
        <p className="hint">
          {t("plans.outstandingIs")} <Kwd value={file.outstanding} />
        </p>
      </fieldset>
      <MeasureChoice
        legend={t("plans.liftTitle")}
        hint={t("plans.liftHint")}
        procedures={liftable}
        chosen={lift}
        onChange={setLift}
        detail={(procedure) =>
          procedure.orders.length > 0 ? <span className="muted"> ({procedure.orders.map((order) => agencyName(order.agencyKey, t)).slice(0, 3).join(t("list.separator"))})</span> : null
        }
      />
      <div className="field">
        <label htmlFor="plan-note">{t("plans.note")}</label>
        <textarea id="plan-note" rows={3} maxLength={2000} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
      <DocumentUpload
        id="plan-documents"
        label={t("papers.plan")}
        hint={t("papers.planHint")}
        target={`/api/v1/files/${file.id}/documents?kind=evidence`}
        onChange={setPapers}
        onBusyChange={setUploading}
      />
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
      <Submit action={proposing} label={t("plans.submit")} id="plan-submit" steps />
    </form>
  );
}

export function InstalmentsPage() {
  const { t } = useTranslation();
  return (
    <DebtorTask title={t("plans.proposeTitle")} intro={t("plans.proposeIntro")} className="plan-page">
      {(file, me) => <PlanForm file={file} me={me!} />}
    </DebtorTask>
  );
}
