/**
 * The simulated phone of the demonstration (only with the stand-in identity provider):
 * it polls the provider's phone API for requests waiting for one civil ID and answers
 * them, exactly as the real mobile ID app would on the person's own phone.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, asApiError, callOutsideApi } from "../api/client.ts";
import { usePhoneRequests } from "../api/resources.ts";
import { currentLang } from "../i18n/index.ts";
import { ErrorMessage } from "./states.tsx";
import { Isolated } from "./isolated.tsx";

export function DemoPhone({ phoneApi, civilId, headingLevel = 2 }: { phoneApi: string; civilId: string; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const [answered, setAnswered] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const requests = usePhoneRequests(phoneApi, civilId, { pollMs: 1500 });
  const Heading = headingLevel === 2 ? "h2" : "h3";

  const answer = async (id: string, decision: "approve" | "reject") => {
    setFailure(null);
    try {
      await callOutsideApi(`${phoneApi}/requests/${id}/${decision}`, { json: { civilId } });
      setAnswered(true);
      requests.reload();
    } catch (error) {
      setFailure(asApiError(error));
    }
  };

  const pending = requests.data ?? [];
  return (
    <section className="phone" aria-labelledby={`phone-title-${civilId}`} data-civil-id={civilId}>
      <div className="phone-screen">
        <Heading id={`phone-title-${civilId}`} className="phone-title">
          {t("phone.title")}
        </Heading>
        <p className="muted phone-owner">
          {t("phone.whose")}: <bdi dir="ltr">{civilId}</bdi>
        </p>
        {failure ? <ErrorMessage error={failure} /> : null}
        {requests.state === "error" && !requests.data ? <ErrorMessage error={requests.error} /> : null}
        {answered && pending.length === 0 ? (
          <p role="status" className="phone-answered">
            {t("phone.answered")}
          </p>
        ) : null}
        {requests.state === "loading" ? <p className="muted">{t("phone.waiting")}</p> : null}
        {requests.data && pending.length === 0 ? (
          <p className="muted phone-none" data-testid="phone-none">
            {t("phone.none")}
          </p>
        ) : null}
        <ul className="phone-requests">
          {pending.map((request) => (
            <li key={request.id} className="phone-request" data-request-id={request.id} data-kind={request.kind}>
              <p className="phone-kind">
                <strong>{t(request.kind === "sign_in" ? "phone.signInRequest" : "phone.signingRequest")}</strong>
              </p>
              <p>
                {t("phone.code")}: <span className="phone-code">{request.code}</span>
              </p>
              <p className="phone-summary"><Isolated text={request.summary[currentLang()]} /></p>
              {request.digest ? (
                <p className="muted digest">
                  {t("phone.digest")}: <code dir="ltr">{request.digest}</code>
                </p>
              ) : null}
              <div className="phone-buttons">
                <button type="button" className="button approve" onClick={() => void answer(request.id, "approve")}>
                  {t("phone.approve")}
                </button>
                <button type="button" className="button danger reject" onClick={() => void answer(request.id, "reject")}>
                  {t("phone.reject")}
                </button>
              </div>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
