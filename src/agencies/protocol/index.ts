export * from "../../domain/exchange/messages.ts";
export * from "./envelope.ts";
export * from "./keys.ts";
export * from "./transport.ts";
