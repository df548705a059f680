/**
 * i18next set up for the two languages. Arabic is the default; the choice is kept in
 * localStorage and in a `lang` cookie, which the server-rendered pages (identity
 * provider, simulated phone) read too. No fallback language: a missing key shows as a
 * key, never as the other language (the resources test keeps both complete).
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import type { Lang } from "./format.ts";
import { resources } from "./resources.ts";

const STORAGE_KEY = "tanfeeth.lang";

function storedLang(): Lang {
  try {
    const asked = new URLSearchParams(window.location.search).get("lang");
    if (asked === "ar" || asked === "en") return asked;
    return window.localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "ar";
  } catch {
    return "ar";
  }
}

function applyToDocument(lang: Lang) {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
}

export function currentLang(): Lang {
  return i18next.language === "en" ? "en" : "ar";
}

export function setLang(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private browsing may refuse storage; the cookie still carries the choice.
  }
  document.cookie = `lang=${lang}; path=/; max-age=31536000; SameSite=Lax`;
  void i18next.changeLanguage(lang);
}

export function initI18n(): typeof i18next {
  const lang = storedLang();
  void i18next.use(initReactI18next).init({
    resources: { ar: { translation: resources.ar }, en: { translation: resources.en } },
    lng: lang,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyToDocument(lang);
  i18next.on("languageChanged", (next) => applyToDocument(next === "en" ? "en" : "ar"));
  return i18next;
}
