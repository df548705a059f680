/** Notices as cards: each in the recipient's notice language, with when it took legal effect and by which channel. */
import { useTranslation } from "react-i18next";
import type { Notice } from "../api/types.ts";
import { DateTime } from "./format.tsx";
import { Isolated } from "./isolated.tsx";

export function NoticeList({ notices, headingLevel = 2 }: { notices: Notice[]; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ol className="cards notices" id="notices">
      {notices.map((notice) => (
        <li key={notice.id} className="card notice-card" data-kind={notice.kind} data-status={notice.status}>
          {/* A notice is written in the recipient's notice language, whatever the interface's. */}
          <Heading className="h4" lang={notice.language} dir="auto">
            <Isolated text={notice.subject} />
          </Heading>
          <p className="muted">
            <span className={`badge notice-${notice.status}`}>{t(`notices.status.${notice.status}`)}</span>{" "}
            {notice.legalEffectAt ? (
              <>
                {t("notices.effectAt", { time: "" })}
                <DateTime iso={notice.legalEffectAt} />
                {notice.deliveredChannel ? <> — {t(`notices.channels.${notice.deliveredChannel}`, { defaultValue: t("notices.channels.other") })}</> : null}
              </>
            ) : (
              <>
                {t("notices.createdAt", { time: "" })}
                <DateTime iso={notice.createdAt} />
              </>
            )}
          </p>
          <p className="muted">
            {t("notices.file", { number: "" })}
            <bdi dir="ltr">{notice.fileNumber}</bdi>
          </p>
          <details>
            <summary>{t("notices.read")}</summary>
            <p className="notice-body" lang={notice.language} dir="auto">
              <Isolated text={notice.body} />
            </p>
          </details>
        </li>
      ))}
    </ol>
  );
}
