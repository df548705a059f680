/**
 * Notices I received (GET /api/v1/me/notices): the service of a title and each measure for
 * a debtor, each status change for a creditor — newest first, with when each took legal
 * effect and by which channel — and my notice language and address
 * (GET/POST /api/v1/me/notice-preferences).
 */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError, call } from "../api/client.ts";
import type { Notice, NoticePreferences } from "../api/debtor-types.ts";
import { useResource } from "../api/use-resource.ts";
import { DateTime } from "../components/format.tsx";
import { usePageTitle } from "../components/page-title.ts";
import { Empty, ErrorMessage, ErrorState, Loading } from "../components/states.tsx";

export function NoticeList({ notices, headingLevel = 2 }: { notices: Notice[]; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <ol className="cards notices" id="notices">
      {notices.map((notice) => (
        <li key={notice.id} className="card notice-card" data-kind={notice.kind} data-status={notice.status}>
          {/* A notice is written in the recipient's notice language, whatever the interface's. */}
          <Heading className="h4" lang={notice.language} dir="auto">
            {notice.subject}
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
              {notice.body}
            </p>
          </details>
        </li>
      ))}
    </ol>
  );
}

function Preferences() {
  const { t } = useTranslation();
  const preferences = useResource((signal) => call<NoticePreferences>("/api/v1/me/notice-preferences", { signal }), []);
  const [language, setLanguage] = useState<"ar" | "en">("ar");
  const [email, setEmail] = useState("");
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (preferences.data) {
      setLanguage(preferences.data.language);
      setEmail(preferences.data.email ?? "");
    }
  }, [preferences.data]);
  if (preferences.state === "loading") return <Loading />;
  if (preferences.state === "error") return <ErrorState error={preferences.error} onRetry={preferences.reload} />;
  const registered = preferences.data.registered;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    setFailure(null);
    try {
      await call("/api/v1/me/notice-preferences", { json: { language, email: email.trim() ? email.trim() : null } });
      setSaved(true);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, "UNEXPECTED", null));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={save} noValidate aria-labelledby="preferences-title">
      <h2 id="preferences-title">{t("notices.preferences")}</h2>
      <div className="field">
        <label htmlFor="notice-language">{t("notices.language")}</label>
        <select id="notice-language" value={language} onChange={(event) => setLanguage(event.target.value === "en" ? "en" : "ar")}>
          <option value="ar" lang="ar">
            العربية
          </option>
          <option value="en" lang="en">
            English
          </option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="notice-email">{t("notices.email")}</label>
        <input id="notice-email" type="email" dir="ltr" autoComplete="email" maxLength={254} value={email} onChange={(event) => setEmail(event.target.value)} aria-describedby="notice-email-hint" />
        <p className="hint" id="notice-email-hint">
          {registered.email ? (
            <>
              {t("notices.emailHintRegistered")} <bdi dir="ltr">{registered.email}</bdi>
            </>
          ) : (
            t("notices.emailHint")
          )}
        </p>
      </div>
      {failure ? <ErrorMessage error={failure} /> : null}
      {saved ? (
        <p className="notice success" role="status">
          {t("notices.saved")}
        </p>
      ) : null}
      <button type="submit" className="button secondary" disabled={busy}>
        {t("notices.save")}
      </button>
    </form>
  );
}

export function NoticesPage() {
  const { t } = useTranslation();
  usePageTitle(t("notices.title"));
  const notices = useResource((signal) => call<{ notices: Notice[] }>("/api/v1/me/notices?limit=100", { signal }), []);
  return (
    <div className="notices-page">
      <h1>{t("notices.title")}</h1>
      <p className="muted">{t("notices.intro")}</p>
      {notices.state === "loading" ? <Loading /> : null}
      {notices.state === "error" ? <ErrorState error={notices.error} onRetry={notices.reload} /> : null}
      {notices.state === "ready" ? notices.data.notices.length === 0 ? <Empty>{t("notices.none")}</Empty> : <NoticeList notices={notices.data.notices} /> : null}
      <Preferences />
      <p>
        <Link to="/files">{t("nav.files")}</Link>
      </p>
    </div>
  );
}
