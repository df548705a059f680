/**
 * The file's money, to the fils (issue 18, "the money's path"): held at the banks →
 * transferred to the department → shared pro rata with the debtor's other attaching files
 * (their numbers and the rule, never their parties' names) → paid out to each creditor's
 * IBAN (date, bank reference); with the debtor's own payments and what is still owed.
 * One page for the creditor and the clerk (/files/:fileId/treasury) and the debtor's side
 * (/debts/:fileId/treasury), from GET /api/v1/files/{fileId} and …/treasury.
 */
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useFileTreasury } from "../../api/resources.ts";
import type { FileDetail, FileTreasury } from "../../api/types.ts";
import { Facts } from "../../components/facts.tsx";
import { FileTask } from "../../components/file-task.tsx";
import { DateTime, Kwd } from "../../components/format.tsx";
import { Section } from "../../components/section.tsx";
import { Ready } from "../../components/states.tsx";
import { DateCell, Table } from "../../components/table.tsx";
import { agencyName } from "../../components/vocabulary.ts";

/** Ledger sources that are the debtor's own payments through the department. */
const debtorPayments = new Set(["online_payment", "cash_at_department", "bank_transfer"]);

function MoneyPath({ file, money, side }: { file: FileDetail; money: FileTreasury; side: "creditor" | "debtor" }) {
  const { t } = useTranslation();
  const banks = file.procedures.flatMap((procedure) => procedure.results?.banks ?? []);
  const heldAtBanks = banks.reduce((sum, bank) => sum + toFils(bank.held), 0n);
  const transferred = banks.reduce((sum, bank) => sum + toFils(bank.transferred), 0n);
  const payments = file.ledger.filter((entry) => debtorPayments.has(entry.source));
  return (
    <>
      <Section id="path-title" title={t("money.pathTitle")} card>
        <ol className="money-path" id="money-path">
          <li data-step="held">
            <span className="step-label">{t("money.heldAtBanks")}</span> <Kwd value={fromFils(heldAtBanks)} />
          </li>
          <li data-step="transferred">
            <span className="step-label">{t("money.transferred")}</span> <Kwd value={fromFils(transferred)} />
          </li>
          <li data-step="shared">
            <span className="step-label">{t("money.sharedIn")}</span> <Kwd value={money.received} />
          </li>
          <li data-step="held-treasury">
            <span className="step-label">{t("money.heldByDepartment")}</span> <Kwd value={money.held} />
          </li>
          <li data-step="paid-out">
            <span className="step-label">{t("money.paidOut")}</span> <Kwd value={money.paidOut} />
            {money.payoutsPending !== "0.000" ? (
              <span className="muted">
                {" "}
                ({t("money.pending")} <Kwd value={money.payoutsPending} />)
              </span>
            ) : null}
          </li>
        </ol>
        <Facts
          facts={[
            { label: t("file.claimTotal"), value: <Kwd value={money.claim} /> },
            { label: t("file.outstanding"), value: <Kwd value={money.outstanding} />, id: "money-outstanding" },
            money.paidOutside !== "0.000" && { label: t("money.paidOutside"), value: <Kwd value={money.paidOutside} /> },
            money.refundsPayable !== "0.000" && { label: t("money.refundsPayable"), value: <Kwd value={money.refundsPayable} /> },
            money.awaitingDistribution !== "0.000" && { label: t("money.awaitingDistribution"), value: <Kwd value={money.awaitingDistribution} /> },
          ]}
        />
        <p className="hint">{t("money.identity")}</p>
      </Section>

      <Section id="banks-money-title" title={t("money.banksTitle")}>
        {banks.length === 0 ? (
          <p className="muted">{t("money.noBanks")}</p>
        ) : (
          <Table className="responsive money-banks" id="money-banks" caption={t("money.banksTitle")} columns={[t("file.agency"), t("file.held"), t("results.released"), t("results.transferred")]}>
            {banks.map((bank) => (
              <tr key={bank.orderId} data-agency={bank.agencyKey}>
                <th scope="row" data-label={t("file.agency")}>
                  {agencyName(bank.agencyKey, t)}
                </th>
                <td data-label={t("file.held")}>
                  <Kwd value={bank.held} />
                </td>
                <td data-label={t("results.released")}>
                  {bank.released.length === 0 ? "—" : bank.released.map((release, index) => (
                    <span key={index} className="block" data-reason={release.reason}>
                      <Kwd value={release.amount} /> <span className="muted">{t(`results.releaseReasons.${release.reason}`)}</span>
                    </span>
                  ))}
                </td>
                <td data-label={t("results.transferred")}>
                  <Kwd value={bank.transferred} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section id="shares-title" title={t("money.sharesTitle")}>
        {money.distributions.length === 0 ? (
          <p className="muted" id="shares-none">
            {t("money.noShares")}
          </p>
        ) : (
          <ul className="cards" id="distributions">
            {money.distributions.map((distribution) => (
              <li key={distribution.id} className="card distribution" data-distribution-id={distribution.id}>
                <p>
                  {t(distribution.sourceFileId === file.id ? "money.transferOnThisFile" : "money.transferOnOtherFile")} <Kwd value={distribution.amount} /> — <DateTime iso={distribution.receivedAt} />
                </p>
                <p className="muted">{t("money.rule", { version: "" })}<bdi dir="ltr">{distribution.ruleVersion}</bdi></p>
                <Table className="responsive shares" caption={t("money.sharesTitle")} columns={[t("money.fileNumber"), t("money.owedWhenShared"), t("money.share")]}>
                  {distribution.shares.map((share) => (
                    <tr key={share.fileNumber} data-file-number={share.fileNumber} className={share.fileNumber === file.number ? "this-file" : undefined}>
                      <th scope="row" data-label={t("money.fileNumber")}>
                        <bdi dir="ltr">{share.fileNumber}</bdi>
                        {share.fileNumber === file.number ? <span className="badge">{t("money.thisFile")}</span> : null}
                      </th>
                      <td data-label={t("money.owedWhenShared")}>
                        <Kwd value={share.outstanding} />
                      </td>
                      <td data-label={t("money.share")}>
                        <Kwd value={share.amount} />
                      </td>
                    </tr>
                  ))}
                </Table>
                {distribution.excess && distribution.excess !== "0.000" ? (
                  <p className="muted">
                    {t("money.excessToDebtor")} <Kwd value={distribution.excess} />
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section id="payments-title" title={t("money.paymentsTitle")}>
        {payments.length === 0 ? (
          <p className="muted">{t("money.noPayments")}</p>
        ) : (
          <Table className="responsive money-payments" id="money-payments" caption={t("money.paymentsTitle")} columns={[t("money.when"), t("money.amount"), t("money.how")]}>
            {payments.map((entry) => (
              <tr key={entry.id}>
                <DateCell label={t("money.when")} iso={entry.recordedAt} />
                <td data-label={t("money.amount")}>
                  <Kwd value={entry.amount} />
                </td>
                <td data-label={t("money.how")}>{t(`money.sources.${entry.source}`, { defaultValue: t("states.other") })}</td>
              </tr>
            ))}
          </Table>
        )}
        {side === "debtor" ? <p className="hint">{t("money.receiptsHint")}</p> : null}
      </Section>

      {side === "creditor" ? (
        <Section id="payouts-title" title={t("money.payoutsTitle")}>
          {money.payouts.length === 0 ? (
            <p className="muted" id="payouts-none">
              {t("money.noPayouts")}
            </p>
          ) : (
            <Table className="responsive payouts" id="payouts" caption={t("money.payoutsTitle")} columns={[t("money.iban"), t("money.amount"), t("money.payoutStatus"), t("money.paidAt"), t("money.bankReference")]}>
              {money.payouts.map((payout) => (
                <tr key={payout.id} data-payout-status={payout.status}>
                  <th scope="row" data-label={t("money.iban")}>
                    <bdi dir="ltr">{payout.iban}</bdi>
                  </th>
                  <td data-label={t("money.amount")}>
                    <Kwd value={payout.amount} />
                  </td>
                  <td data-label={t("money.payoutStatus")}>
                    <span className={`badge payout-${payout.status}`}>{t(`money.payoutStatuses.${payout.status}`)}</span>
                  </td>
                  <DateCell label={t("money.paidAt")} iso={payout.paidAt} />
                  <td data-label={t("money.bankReference")}>{payout.bankReference ? <bdi dir="ltr">{payout.bankReference}</bdi> : "—"}</td>
                </tr>
              ))}
            </Table>
          )}
        </Section>
      ) : null}
    </>
  );
}

// Amounts on the wire are KWD strings with three decimals: added up in fils, never as floats.
const toFils = (value: string) => BigInt(value.replace(".", ""));
const fromFils = (fils: bigint) => {
  const text = fils.toString().padStart(4, "0");
  return `${text.slice(0, -3)}.${text.slice(-3)}`;
};

function TreasuryContent({ file, side }: { file: FileDetail; side: "creditor" | "debtor" }) {
  const money = useFileTreasury(file.id);
  return <Ready resource={money}>{(found) => <MoneyPath file={file} money={found} side={side} />}</Ready>;
}

export function TreasuryPage({ side }: { side: "creditor" | "debtor" }) {
  const { t } = useTranslation();
  const { fileId = "" } = useParams();
  return (
    <FileTask title={t("money.title")} intro={t(side === "debtor" ? "money.introDebtor" : "money.intro")} className="treasury-page" fileLabel="debts.file" allows={() => true} refusal={() => ""}>
      {(file) => (
        <>
          <TreasuryContent file={file} side={side} />
          <p>
            <Link to={side === "debtor" ? `/debts/${fileId}` : `/files/${fileId}`}>{t("money.backToFile")}</Link>
          </p>
        </>
      )}
    </FileTask>
  );
}
