/**
 * A table as the pages draw them: in a scrolling wrapper (a 360 px phone), its caption for
 * assistive technology, its column headings, the rows, and a footer where there is one.
 * A "responsive" table becomes cards on a phone, each cell labelled by its data-label.
 * Should a table still be wider than its frame, the frame scrolls it, and is then a named
 * region one can reach and scroll with the keyboard.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { DateTime } from "./format.tsx";

/** Whether the element's content is wider than the element, followed as either changes size. */
function useScrollsSideways() {
  const frame = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return { frame, scrolls };
}

export function Columns({ labels }: { labels: ReactNode[] }) {
  return (
    <thead>
      <tr>
        {labels.map((label, index) => (
          <th scope="col" key={index}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function Table({ className, id, caption, columns, footer, children }: { className: string; id?: string; caption?: string; columns: ReactNode[]; footer?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  const { frame, scrolls } = useScrollsSideways();
  return (
    <div className="table-wrap" ref={frame} {...(scrolls ? { tabIndex: 0, role: "region", "aria-label": caption ?? t("table.scrolls") } : {})}>
      <table className={className} id={id}>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <Columns labels={columns} />
        <tbody>{children}</tbody>
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </div>
  );
}

/** A cell that is a time (or a date), labelled for the phone's card layout. */
export function DateCell({ label, iso, dateOnly = false }: { label: string; iso: string | null | undefined; dateOnly?: boolean }) {
  return (
    <td data-label={label}>
      <DateTime iso={iso} dateOnly={dateOnly} />
    </td>
  );
}
