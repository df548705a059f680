/**
 * The frame of every review page in the back office: the way back to its queue, the
 * heading, and what every review shows of the file it is about (number, parties, what is
 * owed), then the review's own content.
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useFile } from "../../api/resources.ts";
import type { FileDetail } from "../../api/types.ts";
import type { Resource } from "../../api/use-resource.ts";
import { usePageTitle } from "../../components/page-title.ts";
import { Empty, ReadyAll } from "../../components/states.tsx";
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

/**
 * The review of one item of a file (a document, a dispute, a plan), at
 * /back-office/files/:fileId/<items>/:<param>: the file and its items of that kind load
 * together; an item the file does not have is not found. `children` also gets the way to
 * reload the items after a change that does not leave the page.
 */
export function FileItemReview<T extends { id: string }>({
  title,
  queue,
  useItems,
  param,
  subject,
  children,
}: {
  title: string;
  queue: "clerk" | "judge";
  /** The hook that reads the file's items (useFileDisputes …). */
  useItems: (fileId: string) => Resource<T[]>;
  /** The route parameter naming the item ("disputeId"). */
  param: string;
  /** The attribute that marks the page with the item's id ("data-dispute-id"). */
  subject: `data-${string}`;
  children: (file: FileDetail, item: T, reload: () => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const { fileId = "", [param]: itemId } = useParams();
  const detail = useFile(fileId);
  const items = useItems(fileId);
  usePageTitle(title);
  return (
    <ReadyAll resources={[detail, items] as const}>
      {(file, list) => {
        const item = list.find((candidate) => candidate.id === itemId);
        if (!item) return <Empty>{t("states.notFoundText")}</Empty>;
        return (
          <ReviewFrame queue={queue} title={title} file={file} subject={{ [subject]: item.id }}>
            {children(file, item, items.reload)}
          </ReviewFrame>
        );
      }}
    </ReadyAll>
  );
}
