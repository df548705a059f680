/** A page's frame: its class, the one <h1> (also the window's title) and, muted, what the page is for. */
import type { ReactNode } from "react";
import { usePageTitle } from "./page-title.ts";

export function Page({ className, title, intro, children }: { className: string; title: string; intro?: ReactNode; children: ReactNode }) {
  usePageTitle(title);
  return (
    <div className={className}>
      <h1>{title}</h1>
      {intro ? <p className="muted">{intro}</p> : null}
      {children}
    </div>
  );
}
