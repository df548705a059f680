/**
 * The frame of every review page in the back office: the way back to its queue, the
 * heading, and what every review shows of the file it is about (number, parties, what is
 * owed), then the review's own content.
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { FileDetail } from "../../api/types.ts";
import { Facts } from "../../components/facts.tsx";
import { FileNumber } from "../../components/file-facts.tsx";
import { Kwd } from "../../components/format.tsx";
import { partyName } from "../../components/vocabulary.ts";

export function FileContext({ file }: { file: FileDetail }) {
  const { t } = useTranslation();
  const names = (role: "creditor" | "debtor") => file.parties.filter((party) => party.role === role);
  return (
    <section className="card file-context" aria-labelledby="context-title">
      <h2 id="context-title" className="h4">
        <FileNumber label={t("debts.file", { number: "" })} number={file.number} />
      </h2>
      <Facts
        className="facts inline"
        facts={[
          { label: t("files.creditors"), value: names("creditor").map((party) => partyName(party)).join(t("list.separator")) },
          {
            label: t("files.debtors"),
            value: names("debtor").map((party) => (
              <span key={party.id} className="block">
                {partyName(party)} <bdi dir="ltr" className="muted">{party.civilId ?? party.crNumber}</bdi>
              </span>
            )),
          },
          { label: t("file.outstanding"), value: <Kwd value={file.outstanding} /> },
          { label: t("file.claimTotal"), value: <Kwd value={file.claimTotal} /> },
        ]}
      />
      <p>
        <Link to={`/files/${file.id}`}>{t("review.openFile")}</Link>
      </p>
    </section>
  );
}

export function BackToQueue({ queue }: { queue: "clerk" | "judge" }) {
  const { t } = useTranslation();
  return (
    <p>
      <Link to={`/back-office?queue=${queue}`}>{t("review.backToQueue")}</Link>
    </p>
  );
}

/** A review page: `subject` marks what is reviewed (`{ "data-dispute-id": … }`); `file` when it is about a file. */
export function ReviewFrame({ queue, title, file, subject, children }: { queue: "clerk" | "judge"; title: string; file?: FileDetail; subject: Record<`data-${string}`, string>; children: ReactNode }) {
  return (
    <div className="review-page" {...subject}>
      <BackToQueue queue={queue} />
      <h1>{title}</h1>
      {file ? <FileContext file={file} /> : null}
      {children}
    </div>
  );
}
