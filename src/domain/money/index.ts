export {
  type Fils,
  FILS_PER_KWD,
  MAX_FILS,
  parseKwd,
  parseFils,
  formatKwd,
  addFils,
  subtractFils,
  minFils,
  maxFils,
  compareFils,
  sumFils,
  isPositive,
  assertNonNegative,
} from "./money.ts";
export { allocateByWeights, allocateUpToCaps, capHoldings } from "./allocation.ts";
