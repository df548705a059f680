/**
 * Keyset pages: the API gives a cursor for the next page; the cursors of the pages before
 * are kept here, so "previous" goes back without asking for offsets.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";

export interface Pages {
  /** 1 for the first page. */
  page: number;
  /** The cursor that opens this page (none for the first). */
  cursor: string | undefined;
  next(cursor: string | null): void;
  previous(): void;
  /** Back to the first page (the search changed). */
  reset(): void;
}

export function usePages(): Pages {
  // cursors[i] opens page i+1; page 1 has none.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    page: cursors.length,
    cursor: cursors[cursors.length - 1] ?? undefined,
    next: (cursor) => setCursors((list) => [...list, cursor]),
    previous: () => setCursors((list) => list.slice(0, -1)),
    reset: () => setCursors([null]),
  };
}

/** Previous, the page's number, next; `idPrefix` names the three ("files" → #files-previous, #files-page, #files-next). */
export function Pagination({ pages, nextCursor, idPrefix }: { pages: Pages; nextCursor: string | null; idPrefix?: string }) {
  const { t } = useTranslation();
  const id = (part: string) => (idPrefix ? `${idPrefix}-${part}` : undefined);
  return (
    <nav className="pagination" aria-label={t("files.pagination")}>
      <button type="button" className="button secondary" id={id("previous")} disabled={pages.page === 1} onClick={pages.previous}>
        {t("files.previous")}
      </button>
      <span aria-live="polite" id={id("page")}>
        {t("files.page", { page: pages.page })}
      </span>
      <button type="button" className="button secondary" id={id("next")} disabled={!nextCursor} onClick={() => pages.next(nextCursor)}>
        {t("files.next")}
      </button>
    </nav>
  );
}
