/**
 * The stand-in clearing company (Kuwait Clearing Company): states a debtor's listed
 * securities for a disclosure request (Art. 204 bis). Holdings come from the seed unless
 * overridden. It holds no bank accounts, so a statement's accounts list is empty.
 */
import { z } from "zod";
import type { HubMessage } from "../../domain/exchange/messages.ts";
import type { AgencyBehaviour, AgencyContext } from "./agency.ts";
import { debtorIdOf } from "./bank.ts";
import { generateSecurities, type GeneratedHolding } from "./data.ts";

export type Holding = GeneratedHolding;

export const holdingInput = z
  .object({
    symbol: z.string().min(1).max(20),
    quantity: z.number().int().min(0),
    value: z.union([z.string().regex(/^(0|[1-9][0-9]{0,17})$/), z.number().int().min(0)]).transform((value) => BigInt(value)),
  })
  .strict();

export class ClearingBehaviour implements AgencyBehaviour {
  private holdings = new Map<string, Holding[]>();
  private statements: { requestId: string; debtorId: string; at: string; holdings: number }[] = [];

  private readonly seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  holdingsOf(debtorId: string): Holding[] {
    let list = this.holdings.get(debtorId);
    if (!list) {
      list = generateSecurities(this.seed, debtorId);
      this.holdings.set(debtorId, list);
    }
    return list;
  }

  setHoldings(debtorId: string, holdings: readonly Holding[]) {
    this.holdings.set(debtorId, [...holdings]);
  }

  handle(message: HubMessage, context: AgencyContext): void {
    if (message.type !== "disclosure.request") {
      context.reject(message, "INVALID_ORDER", `the clearing company does not handle ${message.type} (protocol version 1)`);
      return;
    }
    const debtorId = debtorIdOf(message.debtor);
    const holdings = this.holdingsOf(debtorId);
    this.statements.push({ requestId: message.requestId, debtorId, at: context.now().toISOString(), holdings: holdings.length });
    context.reply({
      type: "disclosure.statement",
      inReplyTo: message.messageId,
      requestId: message.requestId,
      accounts: [],
      securities: holdings.slice(0, 200).map((holding) => ({ symbol: holding.symbol, quantity: holding.quantity, value: String(holding.value) })),
    });
  }

  debtorView(debtorId: string) {
    return { debtorId, securities: this.holdingsOf(debtorId).map((holding) => ({ ...holding, value: String(holding.value) })) };
  }

  snapshot() {
    return { statements: [...this.statements] };
  }

  reset() {
    this.holdings.clear();
    this.statements = [];
  }
}
