/**
 * A table as the pages draw them: in a scrolling wrapper (a 360 px phone), its caption for
 * assistive technology, its column headings, the rows, and a footer where there is one.
 * A "responsive" table becomes cards on a phone, each cell labelled by its data-label.
 */
import type { ReactNode } from "react";
import { DateTime } from "./format.tsx";

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
  return (
    <div className="table-wrap">
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
