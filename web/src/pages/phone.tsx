/** The simulated phone on its own page (/app/phone?civilId=…), opened beside the sign-in. */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { DemoPhone } from "../components/demo-phone.tsx";
import { usePageTitle } from "../components/page-title.ts";
import { Empty, Loading } from "../components/states.tsx";
import { useSession } from "../session/session.tsx";

export function PhonePage() {
  const { t } = useTranslation();
  const { config } = useSession();
  const [params, setParams] = useSearchParams();
  const civilId = params.get("civilId") ?? "";
  const [typed, setTyped] = useState(civilId);
  const [invalid, setInvalid] = useState(false);
  usePageTitle(t("phone.title"));

  const open = (event: FormEvent) => {
    event.preventDefault();
    const value = typed.trim();
    if (!/^\d{12}$/.test(value)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setParams({ civilId: value });
  };

  return (
    <div className="phone-page">
      <h1>{t("phone.title")}</h1>
      <p>{t("phone.intro")}</p>
      {config === null ? (
        <Loading />
      ) : config.demo ? (
        <>
          <form className="inline-form" onSubmit={open} noValidate>
            <label htmlFor="phone-civil-id">{t("phone.whose")}</label>
            <div className="inline-fields">
              <input
                id="phone-civil-id"
                inputMode="numeric"
                dir="ltr"
                maxLength={12}
                value={typed}
                onChange={(event) => setTyped(event.target.value)}
                aria-invalid={invalid}
                aria-describedby={invalid ? "phone-civil-id-error" : undefined}
              />
              <button type="submit" className="button">
                {t("phone.open")}
              </button>
            </div>
            {invalid ? (
              <p id="phone-civil-id-error" className="error-text">
                {t("phone.invalidCivilId")}
              </p>
            ) : null}
          </form>
          {/^\d{12}$/.test(civilId) ? <DemoPhone phoneApi={config.demo.phoneApi} civilId={civilId} /> : null}
        </>
      ) : (
        <Empty>{t("states.notFoundText")}</Empty>
      )}
    </div>
  );
}
