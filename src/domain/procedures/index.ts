export * from "./procedure-machine.ts";
export * from "./agency-order-machine.ts";
export * from "./aggregate.ts";
export * from "./agencies.ts";
export * from "./labels.ts";
