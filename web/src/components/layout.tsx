/**
 * The frame of every page: a skip link, the header with the service's name, the main
 * navigation and the language switch, one <main> landmark, and the footer. After a
 * navigation, focus moves to <main> so keyboard and screen-reader users start there.
 */
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { currentLang, setLang } from "../i18n/index.ts";
import type { Lang } from "../i18n/format.ts";
import { isAgencyOfficer, isPrivatePerson, mayManageStaff, mayUseQueues, maySearchAudit, mayWatchOperations } from "../session/roles.ts";
import { useSession } from "../session/session.tsx";

/** Each language's name in itself: the switch is written in the language it leads to. */
const languageNames: Record<Lang, string> = { ar: "العربية", en: "English" };

export function Layout() {
  const { t } = useTranslation();
  const { session } = useSession();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const lang = currentLang();
  const other: Lang = lang === "ar" ? "en" : "ar";

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  const me = session.state === "signed-in" ? session.me : null;
  const name = me ? (lang === "ar" ? me.nameAr : me.nameEn) : null;

  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand">
            <img src="/app/icons/icon.svg" alt="" width="36" height="36" />
            <span className="brand-text">
              <span className="brand-name">{t("app.name")}</span>
              <span className="brand-tagline">{t("app.tagline")}</span>
            </span>
          </Link>
          <nav aria-label={t("nav.main")} className="main-nav">
            <ul>
              {me && !isAgencyOfficer(me) ? (
                <li>
                  <NavLink to="/files" end>
                    {t("nav.files")}
                  </NavLink>
                </li>
              ) : null}
              {isPrivatePerson(me) ? (
                <>
                  <li>
                    <NavLink to="/debts" id="nav-debts">
                      {t("nav.debts")}
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/notices" id="nav-notices">
                      {t("nav.notices")}
                    </NavLink>
                  </li>
                </>
              ) : null}
              {mayUseQueues(me) ? (
                <li>
                  <NavLink to="/back-office" end id="nav-queues">
                    {t("nav.queues")}
                  </NavLink>
                </li>
              ) : null}
              {mayWatchOperations(me) ? (
                <li>
                  <NavLink to="/back-office/dashboard" id="nav-dashboard">
                    {t("nav.dashboard")}
                  </NavLink>
                </li>
              ) : null}
              {mayWatchOperations(me) ? (
                <li>
                  <NavLink to="/back-office/rules" id="nav-rules">
                    {t("nav.rules")}
                  </NavLink>
                </li>
              ) : null}
              {maySearchAudit(me) ? (
                <li>
                  <NavLink to="/back-office/audit" id="nav-audit">
                    {t("nav.audit")}
                  </NavLink>
                </li>
              ) : null}
              {maySearchAudit(me) ? (
                <li>
                  <NavLink to="/back-office/reads" id="nav-reads">
                    {t("nav.reads")}
                  </NavLink>
                </li>
              ) : null}
              {mayManageStaff(me) ? (
                <li>
                  <NavLink to="/back-office/roles" id="nav-roles">
                    {t("nav.roles")}
                  </NavLink>
                </li>
              ) : null}
              {isAgencyOfficer(me) ? (
                <li>
                  <NavLink to="/agency" id="nav-agency">
                    {t("nav.agency")}
                  </NavLink>
                </li>
              ) : null}
              <li>
                <NavLink to="/verify">{t("nav.verify")}</NavLink>
              </li>
              {session.state === "signed-out" ? (
                <li>
                  <NavLink to="/sign-in" id="nav-sign-in">
                    {t("nav.signIn")}
                  </NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
          <div className="header-tools">
            {me ? (
              <form method="post" action="/auth/logout" className="sign-out">
                <input type="hidden" name="csrf" value={me.csrfToken ?? ""} />
                {name ? <span className="who">{t("nav.signedInAs", { name })}</span> : null}
                <button type="submit" className="link-button" id="sign-out">
                  {t("nav.signOut")}
                </button>
              </form>
            ) : null}
            <button type="button" className="lang-switch" id="lang-switch" lang={other} onClick={() => setLang(other)}>
              {languageNames[other]}
            </button>
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t("app.department")}</p>
        <p>{t("footer.text")}</p>
      </footer>
    </>
  );
}
