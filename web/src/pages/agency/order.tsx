/**
 * One order sent to my agency (GET /api/v1/agency/orders/:id): the debtor, the file, what
 * is ordered (up to an amount, for a bank), what we answered so far and every message
 * exchanged; and the answers this kind of order takes at this moment — acknowledge,
 * declare the accounts and amounts frozen (absolute, the hub numbers them and applies the
 * cross-bank cap), nothing held, the vehicles flagged, the ban registered, a refusal, the
 * lift confirmed, a transfer confirmed. Each answer is the protocol message the agency's
 * machine would send, applied the same way (docs/agency-portal.md).
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useAgencyOrder } from "../../api/resources.ts";
import type { AnswerResult, ExchangedMessage, PortalOrderDetail } from "../../api/types.ts";
import { Facts } from "../../components/facts.tsx";
import { Accounts, StatusHead } from "../../components/file-facts.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { usePageTitle } from "../../components/page-title.ts";
import { Ready } from "../../components/states.tsx";
import { DateCell, Table } from "../../components/table.tsx";
import { agencyName } from "../../components/vocabulary.ts";
import { currentLang } from "../../i18n/index.ts";
import { BanRegistration, Declaration, Rejection, SimpleAnswer, Transfer, Vehicles } from "./answer-forms.tsx";
import { mayAnswer } from "./answers.ts";
import { AGENCY_POLL_MS } from "./orders.tsx";

function Messages({ messages }: { messages: ExchangedMessage[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table className="responsive messages" id="order-messages" caption={t("agency.messages")} columns={[t("agency.when"), t("agency.direction"), t("agency.messageType"), t("agency.channel")]}>
      {messages.map((message) => (
        <tr key={message.id} data-type={message.type} data-direction={message.direction}>
          <DateCell label={t("agency.when")} iso={message.createdAt} />
          <td data-label={t("agency.direction")}>{t(message.direction === "out" ? "agency.fromHub" : "agency.fromUs")}</td>
          <th scope="row" data-label={t("agency.messageType")}>
            {i18n.exists(`agency.messageTypes.${message.type}`) ? t(`agency.messageTypes.${message.type}`) : <code dir="ltr">{message.type}</code>}
          </th>
          <td data-label={t("agency.channel")}>{t(`agency.channels.${message.channel}`)}</td>
        </tr>
      ))}
    </Table>
  );
}

export function AgencyOrderPage() {
  const { t } = useTranslation();
  const { orderId = "" } = useParams();
  const [result, setResult] = useState<AnswerResult | null>(null);
  const order = useAgencyOrder(orderId, { pollMs: AGENCY_POLL_MS });
  usePageTitle(t("agency.orderTitle"));
  const answered = (given: AnswerResult) => {
    setResult(given);
    order.reload();
    requestAnimationFrame(() => document.getElementById("answer-result")?.focus());
  };
  return <Ready resource={order}>{(shown) => <OrderView shown={shown} result={result} onAnswered={answered} />}</Ready>;
}

function OrderView({ shown, result, onAnswered: answered }: { shown: PortalOrderDetail; result: AnswerResult | null; onAnswered: (result: AnswerResult) => void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const transferOrder = shown.messages.find((message) => message.direction === "out" && message.type === "transfer.order");
  const transferConfirmed = shown.messages.some((message) => message.direction === "in" && message.type === "transfer.confirmation");
  const details = shown.details;

  return (
    <div className="agency-order-page" data-order-id={shown.id} data-order-status={shown.status}>
      <p>
        <Link to="/agency">{t("agency.back")}</Link>
      </p>
      <StatusHead title={t(`vocab.procedureKind.${shown.orderType}`)}>
        <span className={`badge order-status order-${shown.status}`} id="order-status">
          {t(`vocab.orderStatus.${shown.status}`, { defaultValue: t("states.other") })}
        </span>
        {shown.deadlineMissed ? <span className="badge late">{t("agency.late")}</span> : null}
      </StatusHead>
      {result ? (
        <p className={`notice ${result.outcome === "applied" ? "success" : ""}`} role="status" id="answer-result" tabIndex={-1} data-outcome={result.outcome}>
          {t(result.outcome === "applied" ? "agency.applied" : "agency.ignored")}
          {result.reason ? (
            <>
              {" "}
              <code dir="ltr">{result.reason}</code>
            </>
          ) : null}
        </p>
      ) : null}
      <section className="card" aria-labelledby="order-facts">
        <h2 id="order-facts">{t("agency.theOrder")}</h2>
        <Facts
          className="facts inline"
          facts={[
            {
              label: t("agency.debtor"),
              value: (
                <>
                  {lang === "ar" ? shown.debtor.nameAr : shown.debtor.nameEn}{" "}
                  <bdi dir="ltr" id="debtor-id">
                    {shown.debtor.civilId ?? shown.debtor.crNumber}
                  </bdi>
                </>
              ),
            },
            { label: t("agency.file"), value: <bdi dir="ltr">{shown.fileNumber}</bdi> },
            { label: t("agency.agency"), value: agencyName(shown.agencyKey, t) },
            shown.maxAmount && { label: t("agency.upTo"), value: <Kwd value={shown.maxAmount} />, id: "max-amount" },
            shown.orderType === "bank_attachment" && { label: t("agency.declared"), value: <Kwd value={shown.frozenDeclared} /> },
            shown.orderType === "bank_attachment" && { label: t("agency.heldUnderOrder"), value: <Kwd value={shown.amountHeld} />, id: "amount-held" },
            { label: t("agency.received"), value: <DateTime iso={shown.sentAt} /> },
            { label: t("agency.answerDue"), value: <DateTime iso={shown.answerDueAt} /> },
          ]}
        />
        {details.accounts && details.accounts.length > 0 ? (
          <>
            <h3 className="h4">{t("agency.declaredAccounts")}</h3>
            <Accounts accounts={details.accounts} id="declared-accounts" />
          </>
        ) : null}
        {details.vehicles && details.vehicles.length > 0 ? (
          <ul className="accounts">
            {details.vehicles.map((vehicle) => (
              <li key={vehicle.vin}>
                <bdi dir="ltr">
                  {vehicle.plate} — {vehicle.make} {vehicle.model} {vehicle.year}
                </bdi>
              </li>
            ))}
          </ul>
        ) : null}
        {details.reference ? (
          <p>
            {t("agency.banReference")}: <bdi dir="ltr">{details.reference}</bdi>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="answers-title">
        <h2 id="answers-title">{t("agency.answerTitle")}</h2>
        {mayAnswer("acknowledge", shown) ? <SimpleAnswer order={shown} kind="acknowledge" path="acknowledgement" onAnswered={answered} tone="secondary" /> : null}
        {mayAnswer("declare", shown) ? <Declaration key={`${shown.status}-${shown.declarationSequence}`} order={shown} onAnswered={answered} /> : null}
        {mayAnswer("seizure_result", shown) ? <Vehicles order={shown} onAnswered={answered} /> : null}
        {mayAnswer("ban_registered", shown) ? <BanRegistration order={shown} onAnswered={answered} /> : null}
        {mayAnswer("nothing_held", shown) ? <SimpleAnswer order={shown} kind="nothing_held" path="nothing-held" onAnswered={answered} tone="secondary" /> : null}
        {mayAnswer("confirm_lift", shown) ? <SimpleAnswer order={shown} kind="confirm_lift" path="lift-confirmation" onAnswered={answered} /> : null}
        {transferOrder && !transferConfirmed ? <Transfer order={shown} ordered={transferOrder} onAnswered={answered} /> : null}
        {mayAnswer("reject", shown) ? <Rejection order={shown} onAnswered={answered} /> : null}
        {!shown.awaitingAnswer && !(transferOrder && !transferConfirmed) && !mayAnswer("declare", shown) ? <p className="muted">{t("agency.nothingToAnswer")}</p> : null}
      </section>

      <section aria-labelledby="messages-title">
        <h2 id="messages-title">{t("agency.messages")}</h2>
        <Messages messages={shown.messages} />
      </section>
    </div>
  );
}
