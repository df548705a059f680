/** A section of a page named by its heading (the landmark's name), as a card or not; two cards side by side on a wide screen. */
import type { ReactNode } from "react";

export function Section({ id, title, card = false, children }: { id: string; title: ReactNode; card?: boolean; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={card ? "card" : undefined}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export interface Card {
  id: string;
  title: ReactNode;
  body: ReactNode;
}

export function CardPair({ cards }: { cards: [Card, Card] }) {
  return (
    <div className="two-columns">
      {cards.map((card) => (
        <Section key={card.id} id={card.id} title={card.title} card>
          {card.body}
        </Section>
      ))}
    </div>
  );
}
