/**
 * What the previous page did, said on arrival: a page that records something navigates
 * with `{ state: { notice: "<translation key>", params } }` and the next one shows it.
 */
import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";

export function PageNotice() {
  const { t } = useTranslation();
  const state = useLocation().state as { notice?: string; params?: Record<string, string> } | null;
  if (!state?.notice) return null;
  return (
    <p className="notice success" role="status" id="notice">
      {t(state.notice, state.params ?? {})}
    </p>
  );
}
