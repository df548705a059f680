/**
 * What the pages say about a file, in one place: the title's facts (the creditor's file,
 * the debtor's, a title submitted for review), a measure's facts (its card on the file,
 * its review, its waiver), the automatic checks, the ledger, the file's heading.
 */
import type { TFunction } from "i18next";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Check, FileDetail, Procedure } from "../api/types.ts";
import { currentLang } from "../i18n/index.ts";
import { orderableBanks } from "../i18n/vocabulary.ts";
import { Facts, type Fact } from "./facts.tsx";
import { DateTime, Kwd } from "./format.tsx";
import { partyName } from "./vocabulary.ts";

export interface TitleShown {
  type: string;
  court: string;
  caseNumber: string;
  issuedOn: string;
  isFinal: boolean;
  hasExecutoryFormula: boolean;
  grantsInterest: boolean;
  /** Art. 216: the kind of debt (the share of a salary that may be held); absent on older answers. */
  debtKind?: string;
  /** Art. 190: the day the right falls due, when later than the issue. */
  dueOn?: string | null;
}

/**
 * The executory title: what it is, which court, which case, when. `extent`: "brief" for the
 * debtor (why they owe), "formal" for the file (also final and with the executory formula),
 * "full" for a submission under review (also whether it grants interest).
 */
export function TitleFacts({ title, extent }: { title: TitleShown; extent: "brief" | "formal" | "full" }) {
  const { t } = useTranslation();
  const yesNo = (value: boolean) => t(value ? "file.yes" : "file.no");
  const formal = extent !== "brief";
  return (
    <Facts
      facts={[
        { label: t("file.titleType"), value: t(`file.titleTypes.${title.type}`, { defaultValue: t("states.other") }) },
        // Court records are in Arabic whatever the interface's language.
        { label: t("file.court"), value: title.court, lang: "ar" },
        { label: t("file.caseNumber"), value: <bdi lang="ar">{title.caseNumber}</bdi> },
        { label: t("file.issuedOn"), value: <DateTime iso={title.issuedOn} dateOnly /> },
        formal && { label: t("file.final"), value: yesNo(title.isFinal) },
        formal && { label: t("file.executoryFormula"), value: yesNo(title.hasExecutoryFormula) },
        extent === "full" && { label: t("file.grantsInterest"), value: yesNo(title.grantsInterest) },
        formal && title.debtKind !== undefined && { label: t("file.debtKind"), value: t(`file.debtKinds.${title.debtKind}`, { defaultValue: t("states.other") }) },
        title.dueOn != null && { label: t("file.dueOn"), value: <DateTime iso={title.dueOn} dateOnly /> },
      ]}
    />
  );
}

/** Banks by name; with `collapse`, every bank that takes orders chosen one by one reads as "all banks". */
export function bankNames(banks: "all" | string[], t: TFunction, collapse = false): string {
  if (banks === "all" || (collapse && orderableBanks.every((code) => banks.includes(code)))) return t("file.banksAll");
  return banks.map((code) => t(`vocab.bank.${code}`, { defaultValue: t("vocab.agencyKind.bank") })).join(t("list.separator"));
}

/** A measure's facts, to pick from: the page lists those it shows, in its order. */
export function procedureFacts(file: FileDetail, procedure: Procedure, t: TFunction) {
  const banks = procedure.parameters?.banks;
  return {
    kind: { label: t("request.reviewMeasure"), value: `${t(`vocab.procedureKind.${procedure.kind}`)} — ${t(`vocab.procedureStatus.${procedure.status}`)}` } as Fact,
    kindWithStatus: {
      label: t("request.reviewMeasure"),
      value: (
        <>
          {t(`vocab.procedureKind.${procedure.kind}`)} <span className={`badge status-${procedure.status}`}>{t(`vocab.procedureStatus.${procedure.status}`)}</span>
        </>
      ),
    } as Fact,
    debtor: { label: t("request.reviewDebtor"), value: partyName(file.parties.find((party) => party.id === procedure.debtorPartyId)) } as Fact,
    requestedAt: { label: t("file.requestedAt"), value: <DateTime iso={procedure.requestedAt} /> } as Fact,
    amount: procedure.amount ? ({ label: t("request.reviewAmount"), value: <Kwd value={procedure.amount} /> } as Fact) : null,
    banks: (collapse: boolean) => (banks ? ({ label: t("request.reviewBanks"), value: bankNames(banks, t, collapse) } as Fact) : null),
  };
}

/** The automatic checks of the rules, each with its outcome, in the interface's language. */
export function CheckItems({ checks }: { checks: Check[] }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <>
      {checks.map((check) => (
        <li key={check.id} className={`check check-${check.outcome}`}>
          <span className={`badge check-${check.outcome}`}>{t(`file.checkOutcomes.${check.outcome}`)}</span> {check.message[lang]}
          {check.rule ? (
            <span className="muted block check-rule" data-rule={check.rule.path} data-source={check.rule.kind}>
              {t("file.checkRule")}: {t(`rules.kinds.${check.rule.kind}`)}
              {check.rule.kind === "policy" ? null : (
                <>
                  {" — "}
                  <bdi dir="ltr">{check.rule.reference[lang]}</bdi>
                </>
              )}{" "}
              <code dir="ltr">{check.rule.path}</code>
            </span>
          ) : null}
        </li>
      ))}
    </>
  );
}

/** What was paid, recovered, refunded on the file, newest last. */
export function Ledger({ file, id }: { file: Pick<FileDetail, "ledger">; id?: string }) {
  const { t } = useTranslation();
  if (file.ledger.length === 0) return <p className="muted">{t("file.noLedger")}</p>;
  return (
    <ul className="ledger" id={id}>
      {file.ledger.map((entry) => (
        <li key={entry.id}>
          <strong>{t(`file.ledgerKinds.${entry.kind}`, { defaultValue: t("states.other") })}</strong> <Kwd value={entry.amount} /> — <DateTime iso={entry.recordedAt} />
        </li>
      ))}
    </ul>
  );
}

/** Accounts frozen under an order, IBAN by IBAN. */
export function Accounts({ accounts, label, id }: { accounts: { iban: string; frozen: string }[]; label?: string; id?: string }) {
  return (
    <ul className="accounts" aria-label={label} id={id}>
      {accounts.map((account) => (
        <li key={account.iban}>
          <bdi dir="ltr">{account.iban}</bdi>: <Kwd value={account.frozen} />
        </li>
      ))}
    </ul>
  );
}

/** A page's heading with a status badge beside it (a file, an order). */
export function StatusHead({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <div className="file-head">
      <h1>{title}</h1>
      {children}
    </div>
  );
}

/** "Enforcement file 2026/…", the number written left to right. */
export function FileNumber({ label, number }: { label: string; number: string }) {
  return (
    <>
      {label}
      <bdi dir="ltr">{number}</bdi>
    </>
  );
}
