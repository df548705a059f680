/**
 * My files: GET /api/v1/files with search, status filter and keyset pagination (the API
 * gives a cursor for the next page; the previous pages' cursors are kept here). Search
 * and filter live in the address, so a result can be bookmarked or shared.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useFiles } from "../../api/resources.ts";
import type { FileStatus } from "../../api/types.ts";
import { DateTime, Kwd } from "../../components/format.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { Pagination, usePages } from "../../components/pagination.tsx";
import { Empty, Ready } from "../../components/states.tsx";
import { Columns } from "../../components/table.tsx";
import { nameList } from "../../components/vocabulary.ts";

const PAGE_SIZE = 20;
const statuses: FileStatus[] = ["open", "satisfied", "closed"];

export function FilesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = params.get("search") ?? "";
  const status = statuses.find((value) => value === params.get("status"));
  const [typed, setTyped] = useState(search);
  const [chosenStatus, setChosenStatus] = useState<string>(status ?? "");
  const pages = usePages();
  usePageTitle(t("files.title"));
  const files = useFiles({ limit: PAGE_SIZE, search: search || undefined, status, cursor: pages.cursor });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (typed.trim()) next.set("search", typed.trim());
    if (chosenStatus) next.set("status", chosenStatus);
    pages.reset();
    setParams(next);
  };
  const clear = () => {
    setTyped("");
    setChosenStatus("");
    pages.reset();
    setParams(new URLSearchParams());
  };
  const filtered = Boolean(search || status);
  const columns = { number: t("files.number"), case: t("files.case"), creditors: t("files.creditors"), debtors: t("files.debtors"), outstanding: t("files.outstanding"), active: t("files.active"), status: t("files.status"), opened: t("files.opened") };

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

      <Ready resource={files}>
        {(found) =>
          found.files.length === 0 ? (
            <Empty>{t(filtered || pages.page > 1 ? "files.emptyFiltered" : "files.empty")}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="files-table responsive" id="files">
                  <caption className="visually-hidden">{t("files.results")}</caption>
                  <Columns labels={Object.values(columns)} />
                  <tbody>
                    {found.files.map((file) => (
                      <tr key={file.id} data-file-id={file.id}>
                        <th scope="row" data-label={columns.number}>
                          <Link to={`/files/${file.id}`} className="file-link">
                            <bdi dir="ltr">{file.number}</bdi>
                          </Link>
                        </th>
                        <td data-label={columns.case}>
                          {/* Court records are in Arabic whatever the interface's language. */}
                          <bdi lang="ar">{file.caseNumber}</bdi>
                          <span className="muted block" lang="ar">
                            {file.court}
                          </span>
                        </td>
                        <td data-label={columns.creditors}>{nameList(file.creditors, t)}</td>
                        <td data-label={columns.debtors}>{nameList(file.debtors, t)}</td>
                        <td data-label={columns.outstanding}>
                          <Kwd value={file.outstanding} />
                        </td>
                        <td data-label={columns.active}>{file.activeProcedures}</td>
                        <td data-label={columns.status}>
                          <span className={`badge status-${file.status}`}>{t(`fileStatus.${file.status}`)}</span>
                        </td>
                        <td data-label={columns.opened}>
                          <DateTime iso={file.openedAt} dateOnly />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pagination pages={pages} nextCursor={found.nextCursor} idPrefix="files" />
            </>
          )
        }
      </Ready>
    </div>
  );
}
