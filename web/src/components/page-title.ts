/** Each page names itself in the window title (screen readers announce it on navigation). */
import { useEffect } from "react";
import { useTranslation } from "react-i18next";

export function usePageTitle(title: string | null): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? `${title} — ${t("app.name")}` : `${t("app.name")} — ${t("app.tagline")}`;
  }, [title, t]);
}
