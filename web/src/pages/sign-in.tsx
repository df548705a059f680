/**
 * Sign-in with the national mobile ID: the link starts the server's OpenID Connect flow
 * (/auth/login), which comes back to the page asked for. With the stand-in identity
 * provider, the demo accounts are listed with a button that opens each one's simulated
 * phone in a small window beside this one.
 */
import { useTranslation } from "react-i18next";
import { Link, Navigate, useSearchParams } from "react-router";
import { usePageTitle } from "../components/page-title.ts";
import { currentLang } from "../i18n/index.ts";
import { useSession } from "../session/session.tsx";
import { Table } from "../components/table.tsx";

/** Only a path inside this app: never somewhere else after sign-in. */
export function safeAppPath(value: string | null): string {
  return value && /^\/app\/(?![/\\])[\x21-\x7e]*$/.test(value) && value.length <= 400 ? value : "/app/home";
}

function openPhone(civilId: string) {
  window.open(`/app/phone?civilId=${encodeURIComponent(civilId)}`, `tanfeeth-phone-${civilId}`, "popup,width=420,height=760");
}

export function SignInPage() {
  const { t } = useTranslation();
  const { session, config } = useSession();
  const [params] = useSearchParams();
  usePageTitle(t("signIn.title"));
  const returnTo = safeAppPath(params.get("returnTo"));
  if (session.state === "signed-in") return <Navigate to={returnTo.replace(/^\/app/, "") || "/"} replace />;
  const lang = currentLang();
  const demo = config?.demo ?? null;
  return (
    <div className={demo ? "sign-in with-demo" : "sign-in"}>
      <section className="card sign-in-card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{t("signIn.title")}</h1>
        <p>{t("signIn.intro")}</p>
        <ol className="steps compact">
          {(["one", "two", "three"] as const).map((step) => (
            <li key={step}>{t(`signIn.steps.${step}`)}</li>
          ))}
        </ol>
        <p>
          <a className="button" id="sign-in" href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}>
            {t("signIn.button")}
          </a>
        </p>
        <p>
          <Link to="/">{t("states.backHome")}</Link>
        </p>
      </section>
      {demo ? (
        <section className="card demo" aria-labelledby="demo-title">
          <h2 id="demo-title">{t("signIn.demoTitle")}</h2>
          <p>{t("signIn.demoText")}</p>
          <Table className="demo-accounts" columns={[t("signIn.demoRole"), t("signIn.demoName"), t("signIn.demoCivilId"), t("signIn.demoPhone")]}>
            {demo.accounts.map((account) => {
              const name = lang === "ar" ? account.nameAr : account.nameEn;
              return (
                <tr key={account.civilId} data-account={account.key}>
                  <td>{t(`roles.${account.key}`, { defaultValue: t("roles.other") })}</td>
                  <td>{name}</td>
                  <td>
                    <bdi className="civil-id" dir="ltr">{account.civilId}</bdi>
                  </td>
                  <td>
                    <button type="button" className="link-button" aria-label={t("signIn.openPhoneFor", { name })} onClick={() => openPhone(account.civilId)}>
                      {t("signIn.openPhone")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </Table>
        </section>
      ) : null}
    </div>
  );
}
