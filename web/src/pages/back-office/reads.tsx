/**
 * The auditors' search of the read log (GET /api/v1/audit/reads): who read a debtor's data
 * — by file number, reader (a civil ID, or client:<id>) and Kuwait dates; newest first,
 * more on request. Each read with when, who in which role (and agency), which file, what.
 * The search itself is recorded by the API.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { asApiError, type ApiError } from "../../api/client.ts";
import { searchReads } from "../../api/resources.ts";
import { Filters } from "../../components/filters.tsx";
import { Page } from "../../components/page.tsx";
import { Empty, ErrorState, Loading } from "../../components/states.tsx";
import { DateCell, Table } from "../../components/table.tsx";
import { agencyName } from "../../components/vocabulary.ts";

const fields = ["fileNumber", "reader", "from", "to"] as const;
type Filter = Record<(typeof fields)[number], string>;
type Found = Awaited<ReturnType<typeof searchReads>>;

export function ReadLogPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === "ar" ? "ar" : "en";
  const [draft, setDraft] = useState<Filter>({ fileNumber: "", reader: "", from: "", to: "" });
  const [asked, setAsked] = useState<Filter>(draft);
  const [results, setResults] = useState<{ state: "idle" } | { state: "loading" } | ({ state: "ready" } & Found) | { state: "error"; error: ApiError }>({ state: "idle" });
  const query = (filter: Filter, cursor?: string) => searchReads({ limit: 50, ...Object.fromEntries(fields.map((field) => [field, filter[field].trim() || undefined])), cursor });
  const run = async (filter: Filter, cursor?: string) => {
    const shown = results.state === "ready" && cursor ? results.reads : [];
    if (!cursor) setResults({ state: "loading" });
    try {
      const page = await query(filter, cursor);
      setResults({ state: "ready", reads: [...shown, ...page.reads], nextCursor: page.nextCursor });
    } catch (error) {
      setResults({ state: "error", error: asApiError(error) });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAsked(draft);
    void run(draft);
  };
  const input = (field: (typeof fields)[number], type = "text") => (
    <div className="field" key={field}>
      <label htmlFor={`reads-${field}`}>{t(`readLog.${field}`)}</label>
      <input id={`reads-${field}`} type={type} dir="ltr" maxLength={64} value={draft[field]} onChange={(event) => setDraft({ ...draft, [field]: event.target.value })} />
    </div>
  );
  return (
    <Page className="audit-page read-log-page" title={t("readLog.title")} intro={t("readLog.intro")}>
      <Filters label={t("readLog.search")} className="filters card wide audit-filters" onSubmit={submit} submitId="reads-search" submitLabel={t("readLog.search")}>
        {input("fileNumber")}
        {input("reader")}
        {input("from", "date")}
        {input("to", "date")}
      </Filters>
      <p className="hint">{t("readLog.recorded")}</p>
      {results.state === "idle" ? <p className="muted">{t("readLog.start")}</p> : null}
      {results.state === "loading" ? <Loading /> : null}
      {results.state === "error" ? <ErrorState error={results.error} onRetry={() => void run(asked)} /> : null}
      {results.state === "ready" && results.reads.length === 0 ? <Empty>{t("readLog.none")}</Empty> : null}
      {results.state === "ready" && results.reads.length > 0 ? (
        <>
          <Table className="responsive audit-table" id="reads-results" caption={t("readLog.title")} columns={[t("reads.when"), t("reads.who"), t("audit.file"), t("reads.what")]}>
            {results.reads.map((read) => (
              <tr key={read.id} data-read-id={read.id}>
                <DateCell label={t("reads.when")} iso={read.readAt} />
                <td data-label={t("reads.who")}>
                  <bdi dir="ltr">{read.reader}</bdi>
                  <span className="muted block">{read.agencyKey ? agencyName(read.agencyKey, t) : read.roleLabel[lang]}</span>
                </td>
                <td data-label={t("audit.file")}>{read.fileNumber ? <bdi dir="ltr">{read.fileNumber}</bdi> : <span className="muted">—</span>}</td>
                <td data-label={t("reads.what")}>{read.whatLabel[lang]}</td>
              </tr>
            ))}
          </Table>
          {results.nextCursor ? (
            <button type="button" className="button secondary" id="reads-more" onClick={() => void run(asked, results.nextCursor!)}>
              {t("audit.more")}
            </button>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
