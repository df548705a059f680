/**
 * The auditors' search of the action log (GET /api/v1/audit/actions): by file number,
 * actor (a civil ID, an agency key, "system"), kind (exact, or a prefix such as
 * "procedure.") and Kuwait dates; newest first, more on request (keyset pages). Each
 * action with who, when, what, why, its stream position and hash; its payload on demand.
 * The search itself is recorded by the API.
 */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { asApiError, type ApiError } from "../../api/client.ts";
import { searchActions } from "../../api/resources.ts";
import type { AuditAction } from "../../api/types.ts";
import { Facts } from "../../components/facts.tsx";
import { Filters } from "../../components/filters.tsx";
import { Page } from "../../components/page.tsx";
import { Empty, ErrorState, Loading } from "../../components/states.tsx";
import { DateCell, Table } from "../../components/table.tsx";
import { actionLabel, agencyName, roleLabel } from "../../components/vocabulary.ts";

const fields = ["fileNumber", "actor", "kind", "from", "to"] as const;
type Filters = Record<(typeof fields)[number], string>;

function ActorName({ actor }: { actor: string }) {
  const { t } = useTranslation();
  if (actor === "system") return <>{t("roles.system")}</>;
  if (/^(bank:[A-Z]{4}|traffic|ports|civil_info|clearing)$/.test(actor)) return <>{agencyName(actor, t)}</>;
  return <bdi dir="ltr">{actor}</bdi>;
}

function ActionRow({ action }: { action: AuditAction }) {
  const { t, i18n } = useTranslation();
  const exists = (key: string) => i18n.exists(key);
  return (
    <tr data-kind={action.kind} data-action-id={action.id}>
      <DateCell label={t("audit.when")} iso={action.occurredAt} />
      <th scope="row" data-label={t("audit.what")}>
        {actionLabel(action)}
        <code className="block muted" dir="ltr">
          {action.kind}
        </code>
      </th>
      <td data-label={t("audit.file")}>{action.fileNumber ? <bdi dir="ltr">{action.fileNumber}</bdi> : <span className="muted">—</span>}</td>
      <td data-label={t("audit.who")}>
        <ActorName actor={action.actor} />
        <span className="muted block">{roleLabel(action.actorRole, t, exists)}</span>
      </td>
      <td data-label={t("audit.why")}>{action.reason ? <span dir="auto">{action.reason}</span> : <span className="muted">—</span>}</td>
      <td data-label={t("audit.record")}>
        <details>
          <summary>{t("audit.details")}</summary>
          <Facts
            facts={[
              {
                label: t("audit.stream"),
                value: (
                  <code dir="ltr">
                    {action.stream} #{action.seq}
                  </code>
                ),
              },
              { label: t("audit.correlation"), value: <code dir="ltr">{action.correlationId}</code> },
              { label: t("audit.hash"), value: <code dir="ltr">{action.hash}</code> },
            ]}
          />
          <pre className="payload" dir="ltr">
            <code>{JSON.stringify(action.payload, null, 2)}</code>
          </pre>
        </details>
      </td>
    </tr>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const asked = Object.fromEntries(fields.map((field) => [field, params.get(field) ?? ""])) as Filters;
  const [draft, setDraft] = useState<Filters>(asked);
  const [results, setResults] = useState<{ state: "idle" } | { state: "loading" } | { state: "ready"; actions: AuditAction[]; nextCursor: string | null } | { state: "error"; error: ApiError }>({ state: "idle" });
  const [more, setMore] = useState(false);
  // A search in the address (a shared or bookmarked one) runs on arrival; otherwise the auditor starts it.
  useEffect(() => {
    if (fields.some((field) => asked[field])) void run(asked);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const query = (filters: Filters, cursor?: string) => {
    const given = Object.fromEntries(fields.map((field) => [field, filters[field].trim() || undefined]));
    return searchActions({ limit: 50, ...given, cursor });
  };
  const run = async (filters: Filters) => {
    setResults({ state: "loading" });
    try {
      const page = await query(filters);
      setResults({ state: "ready", ...page });
    } catch (error) {
      setResults({ state: "error", error: asApiError(error) });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const field of fields) if (draft[field].trim()) next.set(field, draft[field].trim());
    setParams(next);
    void run(draft);
  };
  const loadMore = async () => {
    if (results.state !== "ready" || !results.nextCursor) return;
    setMore(true);
    try {
      const page = await query(asked, results.nextCursor);
      setResults({ state: "ready", actions: [...results.actions, ...page.actions], nextCursor: page.nextCursor });
    } catch (error) {
      setResults({ state: "error", error: asApiError(error) });
    } finally {
      setMore(false);
    }
  };

  return (
    <Page className="audit-page" title={t("audit.title")} intro={t("audit.intro")}>
      <Filters label={t("audit.search")} className="filters card wide audit-filters" onSubmit={submit} submitId="audit-search" submitLabel={t("audit.search")}>
        <div className="field">
          <label htmlFor="audit-file">{t("audit.fileNumber")}</label>
          <input id="audit-file" dir="ltr" maxLength={40} value={draft.fileNumber} onChange={(event) => setDraft({ ...draft, fileNumber: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-actor">{t("audit.actor")}</label>
          <input id="audit-actor" dir="ltr" maxLength={64} value={draft.actor} onChange={(event) => setDraft({ ...draft, actor: event.target.value })} aria-describedby="audit-actor-hint" />
          <p className="hint" id="audit-actor-hint">
            {t("audit.actorHint")} <code dir="ltr">285110244171</code> <code dir="ltr">bank:NBOK</code> <code dir="ltr">system</code>
          </p>
        </div>
        <div className="field">
          <label htmlFor="audit-kind">{t("audit.kind")}</label>
          <input id="audit-kind" dir="ltr" maxLength={80} value={draft.kind} onChange={(event) => setDraft({ ...draft, kind: event.target.value })} aria-describedby="audit-kind-hint" />
          <p className="hint" id="audit-kind-hint">
            {t("audit.kindHint")} <code dir="ltr">procedure.approve</code> <code dir="ltr">procedure.</code>
          </p>
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t("audit.from")}</label>
          <input id="audit-from" type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("audit.to")}</label>
          <input id="audit-to" type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </div>
      </Filters>
      <p className="hint">{t("audit.recorded")}</p>
      {results.state === "idle" ? <p className="muted">{t("audit.start")}</p> : null}
      {results.state === "loading" ? <Loading /> : null}
      {results.state === "error" ? <ErrorState error={results.error} onRetry={() => void run(asked)} /> : null}
      {results.state === "ready" && results.actions.length === 0 ? <Empty>{t("audit.none")}</Empty> : null}
      {results.state === "ready" && results.actions.length > 0 ? (
        <>
          <p className="muted" aria-live="polite" id="audit-count">
            {t("audit.shown", { count: results.actions.length })}
          </p>
          <Table className="responsive audit-table" id="audit-results" caption={t("audit.results")} columns={[t("audit.when"), t("audit.what"), t("audit.file"), t("audit.who"), t("audit.why"), t("audit.record")]}>
            {results.actions.map((action) => (
              <ActionRow key={action.id} action={action} />
            ))}
          </Table>
          {results.nextCursor ? (
            <button type="button" className="button secondary" id="audit-more" disabled={more} onClick={() => void loadMore()}>
              {t("audit.more")}
            </button>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
