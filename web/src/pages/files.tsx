/**
 * My files: GET /api/v1/files with search, status filter and keyset pagination (the API
 * gives a cursor for the next page; the previous pages' cursors are kept here). Search
 * and filter live in the address, so a result can be bookmarked or shared.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { call } from "../api/client.ts";
import type { FileList, FileStatus, PartyName } from "../api/types.ts";
import { useResource } from "../api/use-resource.ts";
import { DateTime, Kwd } from "../components/format.tsx";
import { usePageTitle } from "../components/page-title.ts";
import { Empty, ErrorState, Loading } from "../components/states.tsx";
import { currentLang } from "../i18n/index.ts";

const PAGE_SIZE = 20;
const statuses: FileStatus[] = ["open", "satisfied", "closed"];

function names(parties: PartyName[]): string {
  const lang = currentLang();
  return parties.map((party) => (lang === "ar" ? party.nameAr : party.nameEn)).join(lang === "ar" ? "، " : ", ");
}

export function FilesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = params.get("search") ?? "";
  const status = statuses.find((value) => value === params.get("status")) ?? "";
  const [typed, setTyped] = useState(search);
  const [chosenStatus, setChosenStatus] = useState<string>(status);
  // cursors[i] opens page i+1; page 1 has none.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length;
  const cursor = cursors[cursors.length - 1] ?? null;
  usePageTitle(t("files.title"));

  const files = useResource(
    (signal) => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (search) query.set("search", search);
      if (status) query.set("status", status);
      if (cursor) query.set("cursor", cursor);
      return call<FileList>(`/api/v1/files?${query.toString()}`, { signal });
    },
    [search, status, cursor],
  );

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (typed.trim()) next.set("search", typed.trim());
    if (chosenStatus) next.set("status", chosenStatus);
    setCursors([null]);
    setParams(next);
  };
  const clear = () => {
    setTyped("");
    setChosenStatus("");
    setCursors([null]);
    setParams(new URLSearchParams());
  };
  const filtered = Boolean(search || status);

  return (
    <div className="files-page">
      <h1>{t("files.title")}</h1>
      <p className="muted">{t("files.intro")}</p>
      <form className="filters card" role="search" aria-label={t("files.filters")} onSubmit={apply}>
        <div className="field grow">
          <label htmlFor="files-search">{t("files.search")}</label>
          <input id="files-search" type="search" value={typed} maxLength={100} onChange={(event) => setTyped(event.target.value)} aria-describedby="files-search-hint" />
          <p id="files-search-hint" className="hint">
            {t("files.searchHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="files-status">{t("files.status")}</label>
          <select id="files-status" value={chosenStatus} onChange={(event) => setChosenStatus(event.target.value)}>
            <option value="">{t("files.statusAll")}</option>
            {statuses.map((value) => (
              <option key={value} value={value}>
                {t(`fileStatus.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field actions">
          <button type="submit" className="button" id="files-apply">
            {t("files.apply")}
          </button>
          {filtered ? (
            <button type="button" className="button secondary" onClick={clear}>
              {t("files.clear")}
            </button>
          ) : null}
        </div>
      </form>

      {files.state === "loading" ? <Loading /> : null}
      {files.state === "error" ? <ErrorState error={files.error} onRetry={files.reload} /> : null}
      {files.state === "ready" && files.data.files.length === 0 ? <Empty>{t(filtered || page > 1 ? "files.emptyFiltered" : "files.empty")}</Empty> : null}
      {files.state === "ready" && files.data.files.length > 0 ? (
        <>
          <div className="table-wrap">
            <table className="files-table responsive" id="files">
              <caption className="visually-hidden">{t("files.results")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("files.number")}</th>
                  <th scope="col">{t("files.case")}</th>
                  <th scope="col">{t("files.creditors")}</th>
                  <th scope="col">{t("files.debtors")}</th>
                  <th scope="col">{t("files.outstanding")}</th>
                  <th scope="col">{t("files.active")}</th>
                  <th scope="col">{t("files.status")}</th>
                  <th scope="col">{t("files.opened")}</th>
                </tr>
              </thead>
              <tbody>
                {files.data.files.map((file) => (
                  <tr key={file.id} data-file-id={file.id}>
                    <th scope="row" data-label={t("files.number")}>
                      <Link to={`/files/${file.id}`} className="file-link">
                        <bdi dir="ltr">{file.number}</bdi>
                      </Link>
                    </th>
                    <td data-label={t("files.case")}>
                      {/* Court records are in Arabic whatever the interface's language. */}
                      <bdi lang="ar">{file.caseNumber}</bdi>
                      <span className="muted block" lang="ar">
                        {file.court}
                      </span>
                    </td>
                    <td data-label={t("files.creditors")}>{names(file.creditors)}</td>
                    <td data-label={t("files.debtors")}>{names(file.debtors)}</td>
                    <td data-label={t("files.outstanding")}>
                      <Kwd value={file.outstanding} />
                    </td>
                    <td data-label={t("files.active")}>{file.activeProcedures}</td>
                    <td data-label={t("files.status")}>
                      <span className={`badge status-${file.status}`}>{t(`fileStatus.${file.status}`)}</span>
                    </td>
                    <td data-label={t("files.opened")}>
                      <DateTime iso={file.openedAt} dateOnly />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pagination" aria-label={t("files.pagination")}>
            <button type="button" className="button secondary" id="files-previous" disabled={page === 1} onClick={() => setCursors((list) => list.slice(0, -1))}>
              {t("files.previous")}
            </button>
            <span aria-live="polite" id="files-page">
              {t("files.page", { page })}
            </span>
            <button
              type="button"
              className="button secondary"
              id="files-next"
              disabled={!files.data.nextCursor}
              onClick={() => setCursors((list) => [...list, files.data.nextCursor])}
            >
              {t("files.next")}
            </button>
          </nav>
        </>
      ) : null}
    </div>
  );
}
