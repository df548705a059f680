/**
 * The frame of a page that does one thing on one file — pay, propose instalments, dispute,
 * request a measure, waive one: its heading and introduction, the file loading (and the
 * person signed in), the file's number, the page's own content when the file allows it
 * (else a note why not), and the way back. The debtor's and the creditor's pages share it.
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useFile } from "../api/resources.ts";
import type { FileDetail, Me } from "../api/types.ts";
import { useSession } from "../session/session.tsx";
import { FileNumber } from "./file-facts.tsx";
import { usePageTitle } from "./page-title.ts";
import { Empty, ErrorState, Loading } from "./states.tsx";

export interface FileTaskProps {
  title: string;
  intro?: string;
  /** The page's class ("pay-page narrow"). */
  className: string;
  /** How the file is named above the content ("debts.file"); none: not named. */
  fileLabel?: string;
  /** Whether the file allows the task for this person; else `refusal` (already translated) is shown. */
  allows: (file: FileDetail, me: Me | null) => boolean;
  refusal: (file: FileDetail) => string;
  /** The way back when the person gives up ("/debts/:fileId"); none: the content has its own. */
  back?: (fileId: string) => string;
  /** Wait for the session too (the content needs who is signed in). */
  needsMe?: boolean;
  children: (file: FileDetail, me: Me | null) => ReactNode;
}

export function FileTask({ title, intro, className, fileLabel, allows, refusal, back, needsMe = false, children }: FileTaskProps) {
  const { t } = useTranslation();
  const { fileId = "" } = useParams();
  const { session } = useSession();
  const detail = useFile(fileId);
  const me = session.state === "signed-in" ? session.me : null;
  const waiting = needsMe && me === null;
  usePageTitle(title);
  return (
    <div className={className}>
      <h1>{title}</h1>
      {intro ? <p>{intro}</p> : null}
      {detail.state === "loading" || waiting ? <Loading /> : null}
      {detail.state === "error" ? <ErrorState error={detail.error} onRetry={detail.reload} /> : null}
      {detail.state === "ready" && !waiting ? (
        <>
          {fileLabel ? (
            <p className="muted">
              <FileNumber label={t(fileLabel, { number: "" })} number={detail.data.number} />
            </p>
          ) : null}
          {allows(detail.data, me) ? children(detail.data, me) : <Empty>{refusal(detail.data)}</Empty>}
        </>
      ) : null}
      {back ? (
        <p>
          <Link to={back(fileId)}>{t("request.cancel")}</Link>
        </p>
      ) : null}
    </div>
  );
}
