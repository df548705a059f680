/**
 * Facts as a description list: each a label and its value, in a <div> of their own (the
 * layout of `.facts` and `.figure`). A missing fact (null, false) is left out, so a page
 * lists what it shows in one place, conditions included. Figures are the large numbers at
 * the head of a file (what is owed, held, paid).
 */
import type { ReactNode } from "react";

export interface Fact {
  label: ReactNode;
  value: ReactNode;
  /** The value's element: its id (tests and links find it by), class, language and direction. */
  id?: string;
  className?: string;
  lang?: string;
  dir?: "ltr" | "rtl" | "auto";
  /** The class of the fact's own <div> ("figure", "figure main-figure"). */
  of?: string;
}

/** A fact, or nothing where a condition left it out (`shown.settledAt && { … }`). */
export type Listed = Fact | null | false | undefined | "";

/** `className` null: a bare <dl> (inside .figures). */
export function Facts({ facts, className = "facts" }: { facts: Listed[]; className?: string | null }) {
  return (
    <dl className={className ?? undefined}>
      {facts.filter((fact): fact is Fact => Boolean(fact)).map((fact, index) => (
        <div key={index} className={fact.of}>
          <dt>{fact.label}</dt>
          <dd id={fact.id} className={fact.className} lang={fact.lang} dir={fact.dir}>
            {fact.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The figures of a file: the first is the main one; the heading is for assistive technology only. */
export function Figures({ title, figures }: { title: string; figures: Fact[] }) {
  return (
    <section aria-labelledby="summary-title" className="figures">
      <h2 id="summary-title" className="visually-hidden">
        {title}
      </h2>
      <Facts className={null} facts={figures.map((figure, index) => ({ ...figure, of: index === 0 ? "figure main-figure" : "figure" }))} />
    </section>
  );
}
