/** Names of things the API sends as keys: agencies, parties, capacities. */
import type { TFunction } from "i18next";
import type { Party } from "../api/types.ts";
import { currentLang } from "../i18n/index.ts";

export function agencyName(agencyKey: string, t: TFunction): string {
  if (agencyKey.startsWith("bank:")) {
    const code = agencyKey.slice("bank:".length);
    return t(`vocab.bank.${code}`, { defaultValue: t("vocab.agencyKind.bank") });
  }
  return t(`vocab.agencyKind.${agencyKey}`, { defaultValue: t("roles.agency") });
}

export function partyName(party: Pick<Party, "nameAr" | "nameEn"> | undefined): string {
  if (!party) return "—";
  return (currentLang() === "ar" ? party.nameAr : party.nameEn) ?? party.nameAr ?? party.nameEn ?? "—";
}

/** A timeline entry's label: the action kind if known ("procedure.approve"), else a neutral one. */
export function actionLabel(kind: string, t: TFunction, exists: (key: string) => boolean): string {
  const key = `actions.${kind}`;
  return exists(key) ? t(key) : t("actions.other");
}

export function roleLabel(role: string, t: TFunction, exists: (key: string) => boolean): string {
  return exists(`roles.${role}`) ? t(`roles.${role}`) : t("roles.other");
}

/** Procedures that can still be waived (the state machine refuses the rest anyway). */
export const endedStatuses = new Set(["waived", "lifted", "rejected", "expired", "lifting"]);
