/**
 * The stand-in gateway's development merchant: the hub uses it when no real gateway is
 * configured (`tanfeeth start`, tests). Never accepted in production (src/payments/config.ts).
 */
export const STANDIN_MERCHANT_ID = "tanfeeth";
export const STANDIN_MERCHANT_SECRET = "stand-in-merchant-secret-not-for-production";
export const DEFAULT_PAYMENTS_STANDIN_PORT = 3103;

/** Test cards the stand-in's hosted page knows (any future expiry, any 4-digit PIN). */
export const standInTestCards = {
  approved: "8888880000000001",
  insufficientFunds: "8888880000000002",
} as const;
