/** A table's column headings, in order (a label may be hidden text for a column of buttons). */
import type { ReactNode } from "react";

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
