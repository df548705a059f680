import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../components/page-title.ts";

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("states.notFoundTitle"));
  return (
    <div className="narrow" data-state="not-found">
      <h1>{t("states.notFoundTitle")}</h1>
      <p>{t("states.notFoundText")}</p>
      <p>
        <Link to="/">{t("states.backHome")}</Link>
      </p>
    </div>
  );
}
