/** A section of a page named by its heading (the landmark's name), as a card or not. */
import type { ReactNode } from "react";

export function Section({ id, title, card = false, children }: { id: string; title: ReactNode; card?: boolean; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={card ? "card" : undefined}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
