export * from "./rule-set.ts";
export * from "./checks.ts";
export * from "./calendar.ts";
export * from "./service-levels.ts";
export * from "./disputes-and-instalments.ts";
export * from "./sharing.ts";
export * from "./catalogue.ts";
export * from "./outside-payments.ts";
