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
import { Kwd } from "../../components/format.tsx";
import { Filters, SelectField } from "../../components/filters.tsx";
import { Page } from "../../components/page.tsx";
import { Pagination, usePages } from "../../components/pagination.tsx";
import { Empty, Ready } from "../../components/states.tsx";
import { DateCell, Table } from "../../components/table.tsx";
import { nameList } from "../../components/vocabulary.ts";
import { isPrivatePerson } from "../../session/roles.ts";
import { useSession } from "../../session/session.tsx";

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
  const { session } = useSession();
  const me = session.state === "signed-in" ? session.me : null;
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
    <Page className="files-page" title={t("files.title")} intro={t("files.intro")}>
      {/* Requests and titles are a private person's (a creditor, a company's representative, a lawyer); staff read files only. */}
      {isPrivatePerson(me) ? (
        <>
          <p>
            <Link className="button secondary" to="/requests/new" id="request-batch">
              {t("batch.openFromFiles")}
            </Link>
          </p>
          <p className="page-links">
            <Link to="/titles/new" id="files-submit-title">
              {t("titles.submitNew")}
            </Link>
            {" · "}
            <Link to="/titles" id="files-titles">
              {t("titles.title")}
            </Link>
          </p>
        </>
      ) : null}
      <Filters
        label={t("files.filters")}
        onSubmit={apply}
        submitId="files-apply"
        submitLabel={t("files.apply")}
        more={
          filtered ? (
            <button type="button" className="button secondary" onClick={clear}>
              {t("files.clear")}
            </button>
          ) : null
        }
      >
        <div className="field grow">
          <label htmlFor="files-search">{t("files.search")}</label>
          <input id="files-search" type="search" value={typed} maxLength={100} onChange={(event) => setTyped(event.target.value)} aria-describedby="files-search-hint" />
          <p id="files-search-hint" className="hint">
            {t("files.searchHint")}
          </p>
        </div>
        <SelectField
          id="files-status"
          label={t("files.status")}
          value={chosenStatus}
          onChange={setChosenStatus}
          all={t("files.statusAll")}
          options={statuses.map((value) => ({ value, label: t(`fileStatus.${value}`) }))}
        />
      </Filters>

      <Ready resource={files}>
        {(found) =>
          found.files.length === 0 ? (
            <Empty>{t(filtered || pages.page > 1 ? "files.emptyFiltered" : "files.empty")}</Empty>
          ) : (
            <>
              <Table className="files-table responsive" id="files" caption={t("files.results")} columns={Object.values(columns)}>
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
                    <DateCell label={columns.opened} iso={file.openedAt} dateOnly />
                  </tr>
                ))}
              </Table>
              <Pagination pages={pages} nextCursor={found.nextCursor} idPrefix="files" />
            </>
          )
        }
      </Ready>
    </Page>
  );
}
