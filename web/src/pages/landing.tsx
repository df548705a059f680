/** The public landing page: what the service is, the three measures, how it works. */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../components/page-title.ts";
import { CardPair, Section } from "../components/section.tsx";
import { useSession } from "../session/session.tsx";
import { MeasureIcon } from "../components/icons.tsx";

const measures = [
  { key: "bank", kind: "bank_attachment", icon: "bank" },
  { key: "vehicle", kind: "vehicle_seizure", icon: "car" },
  { key: "travel", kind: "travel_ban", icon: "plane" },
] as const;

export function LandingPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  usePageTitle(null);
  const signedIn = session.state === "signed-in";
  return (
    <div className="landing">
      <section className="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{t("landing.title")}</h1>
        <p className="lead">{t("landing.lead")}</p>
        <p className="hero-actions">
          {signedIn ? (
            <Link className="button" to="/files" id="go-files">
              {t("landing.myFiles")}
            </Link>
          ) : (
            <Link className="button" to="/sign-in" id="start">
              {t("landing.start")}
            </Link>
          )}
          <Link className="button secondary" to="/verify">
            {t("landing.verifyLink")}
          </Link>
        </p>
      </section>

      <Section id="measures-title" title={t("landing.measuresTitle")}>
        <ul className="cards measures">
          {measures.map((measure) => (
            <li key={measure.key} className="card measure-card" data-measure={measure.kind}>
              <span className="measure-icon">
                <MeasureIcon name={measure.icon} />
              </span>
              <h3>{t(`vocab.procedureKind.${measure.kind}`)}</h3>
              <p>{t(`landing.measures.${measure.key}`)}</p>
            </li>
          ))}
        </ul>
      </Section>
      <Section id="how-title" title={t("landing.howTitle")}>
        <ol className="steps">
          {(["one", "two", "three", "four"] as const).map((step) => (
            <li key={step}>{t(`landing.how.${step}`)}</li>
          ))}
        </ol>
      </Section>
      <CardPair
        cards={[
          { id: "debtor-title", title: t("landing.debtorTitle"), body: <p>{t("landing.debtorText")}</p> },
          {
            id: "verify-title",
            title: t("landing.verifyTitle"),
            body: (
              <>
                <p>{t("landing.verifyText")}</p>
                <p>
                  <Link to="/verify">{t("landing.verifyLink")}</Link>
                </p>
              </>
            ),
          },
        ]}
      />
    </div>
  );
}
