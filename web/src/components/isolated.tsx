/**
 * Text with its identifiers (file numbers, IBANs, civil IDs, plates, references) each in a
 * `<bdi dir="ltr">`, so they keep their order in Arabic: the shared rule of
 * `#domain/identifiers/ltr.ts`, which also understands the LRI … PDI runs the server puts
 * in Arabic summaries and notices.
 */
import { Fragment } from "react";
import { ltrRuns } from "#domain/identifiers/ltr.ts";

export function Isolated({ text }: { text: string }) {
  return (
    <>
      {ltrRuns(text).map((run, index) =>
        run.ltr ? (
          <bdi key={index} dir="ltr">
            {run.text}
          </bdi>
        ) : (
          <Fragment key={index}>{run.text}</Fragment>
        ),
      )}
    </>
  );
}
