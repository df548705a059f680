export * from "./rule-set.ts";
export * from "./checks.ts";
export * from "./calendar.ts";
export * from "./service-levels.ts";
