/**
 * Which banks an attachment is ordered at: all of them, or those chosen (a checkbox per bank).
 * The single request's wizard and the several-measures request share it; `idPrefix` keeps
 * their element ids apart, `children` follow the choice (e.g. the field's error).
 */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { orderableBanks } from "../i18n/vocabulary.ts";

export interface BankSelection {
  banksMode: "all" | "chosen";
  banks: string[];
}

export function BankChoice({
  idPrefix,
  selection,
  onChange,
  describedBy,
  children,
}: {
  idPrefix: string;
  selection: BankSelection;
  onChange: (patch: Partial<BankSelection>) => void;
  describedBy?: string | undefined;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const { banksMode, banks } = selection;
  return (
    <fieldset className="field" aria-describedby={describedBy}>
      <legend>{t("request.banks")}</legend>
      <label className="choice">
        <input type="radio" name="banksMode" id={`${idPrefix}banks-all`} checked={banksMode === "all"} onChange={() => onChange({ banksMode: "all" })} />
        <span>{t("request.banksAll")}</span>
      </label>
      <label className="choice">
        <input type="radio" name="banksMode" id={`${idPrefix}banks-chosen`} checked={banksMode === "chosen"} onChange={() => onChange({ banksMode: "chosen" })} />
        <span>{t("request.banksChosen")}</span>
      </label>
      {banksMode === "chosen" ? (
        <fieldset className="bank-list">
          <legend>{t("request.chooseBanks")}</legend>
          {orderableBanks.map((code) => (
            <label key={code} className="check">
              <input
                type="checkbox"
                value={code}
                checked={banks.includes(code)}
                onChange={(event) => onChange({ banks: event.target.checked ? [...banks, code] : banks.filter((chosen) => chosen !== code) })}
              />
              <span>{t(`vocab.bank.${code}`)}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {children}
    </fieldset>
  );
}
