/**
 * Notices I received (GET /api/v1/me/notices): the service of a title and each measure for
 * a debtor, each status change for a creditor — newest first, with when each took legal
 * effect and by which channel — and my notice language and address
 * (GET/POST /api/v1/me/notice-preferences).
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { answer, api } from "../api/client.ts";
import { useMyNotices, useNoticePreferences } from "../api/resources.ts";
import type { NoticePreferences } from "../api/types.ts";
import { useAction } from "../api/use-action.ts";
import { SelectField } from "../components/filters.tsx";
import { NoticeList } from "../components/notice-list.tsx";
import { Page } from "../components/page.tsx";
import { Empty, Ready, Submit } from "../components/states.tsx";

function PreferencesForm({ preferences }: { preferences: NoticePreferences }) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<"ar" | "en">(preferences.language);
  const [email, setEmail] = useState(preferences.email ?? "");
  const [saved, setSaved] = useState(false);
  const saving = useAction();
  const registered = preferences.registered;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    await saving.run(async () => {
      await answer(api.POST("/api/v1/me/notice-preferences", { body: { language, email: email.trim() ? email.trim() : null } }));
      setSaved(true);
    });
  };
  return (
    <form className="card" onSubmit={save} noValidate aria-labelledby="preferences-title">
      <h2 id="preferences-title">{t("notices.preferences")}</h2>
      <SelectField
        id="notice-language"
        label={t("notices.language")}
        value={language}
        onChange={(value) => setLanguage(value === "en" ? "en" : "ar")}
        options={[
          { value: "ar", label: "العربية", lang: "ar" },
          { value: "en", label: "English", lang: "en" },
        ]}
      />
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
      {saved ? (
        <p className="notice success" role="status">
          {t("notices.saved")}
        </p>
      ) : null}
      <Submit action={saving} label={t("notices.save")} className="button secondary" />
    </form>
  );
}

export function NoticesPage() {
  const { t } = useTranslation();
  const notices = useMyNotices({ limit: 100 });
  const preferences = useNoticePreferences();
  return (
    <Page className="notices-page" title={t("notices.title")} intro={t("notices.intro")}>
      <Ready resource={notices}>{(list) => (list.length === 0 ? <Empty>{t("notices.none")}</Empty> : <NoticeList notices={list} />)}</Ready>
      <Ready resource={preferences}>{(shown) => <PreferencesForm preferences={shown} />}</Ready>
      <p>
        <Link to="/files">{t("nav.files")}</Link>
      </p>
    </Page>
  );
}
