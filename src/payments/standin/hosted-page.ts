/** The stand-in's hosted payment page and its result page: server-rendered, no script. */
import { esc, page, type Lang } from "../../lib/html.ts";
import { formatKwd } from "../../domain/money/index.ts";
import { standInTestCards } from "./defaults.ts";

export interface PageView {
  paymentId: string;
  lang: Lang;
  merchant: { ar: string; en: string };
  description: { ar: string; en: string };
  amount: bigint;
  token: string;
  error?: { ar: string; en: string } | undefined;
}

const t = (lang: Lang, ar: string, en: string) => (lang === "ar" ? ar : en);

export function paymentFormPage(view: PageView): string {
  const { lang } = view;
  const body = `
<div class="card">
  <p class="muted">${esc(t(lang, "التاجر", "Merchant"))}: <strong>${esc(view.merchant[lang])}</strong></p>
  <p>${esc(view.description[lang])}</p>
  <p>${esc(t(lang, "المبلغ", "Amount"))}: <strong id="amount">${esc(formatKwd(view.amount))} KWD</strong></p>
</div>
${view.error ? `<p class="error" role="alert">${esc(view.error[lang])}</p>` : ""}
<form method="post" action="/pay/${esc(view.paymentId)}">
  <input type="hidden" name="token" value="${esc(view.token)}">
  <label for="card">${esc(t(lang, "رقم البطاقة", "Card number"))}</label>
  <input id="card" name="card" inputmode="numeric" autocomplete="cc-number" maxlength="19" required>
  <label for="expiry">${esc(t(lang, "تاريخ الانتهاء (شهر/سنة)", "Expiry (MM/YY)"))}</label>
  <input id="expiry" name="expiry" placeholder="MM/YY" maxlength="5" required>
  <label for="pin">${esc(t(lang, "الرقم السري", "PIN"))}</label>
  <input id="pin" name="pin" type="password" inputmode="numeric" maxlength="4" required>
  <button type="submit" name="action" value="pay">${esc(t(lang, "ادفع", "Pay"))}</button>
  <button type="submit" name="action" value="cancel" formnovalidate>${esc(t(lang, "إلغاء", "Cancel"))}</button>
</form>
<p class="muted">${esc(t(lang, "بوابة دفع تجريبية — لا تُقبل بطاقات حقيقية. بطاقة مقبولة:", "A stand-in gateway — no real card is accepted. Approved card:"))} <code>${standInTestCards.approved}</code>; ${esc(t(lang, "رصيد غير كاف:", "insufficient funds:"))} <code>${standInTestCards.insufficientFunds}</code></p>`;
  return page({ lang, title: { ar: "الدفع الإلكتروني — كي نت", en: "Online payment — KNET" }, body });
}

export function paymentResultPage(lang: Lang, result: { ar: string; en: string }, returnUrl: string | null): string {
  const body = `<p role="status">${esc(result[lang])}</p>${returnUrl ? `<p><a href="${esc(returnUrl)}">${esc(t(lang, "العودة إلى الموقع", "Back to the site"))}</a></p>` : ""}`;
  return page({ lang, title: { ar: "الدفع الإلكتروني — كي نت", en: "Online payment — KNET" }, body });
}
