/**
 * The stand-in ports authority (Ministry of Interior): registers a travel ban at every
 * port and confirms it with a reference; lifts it. Only natural persons travel: an order
 * against a company (CR number) is rejected with NOT_ALLOWED.
 */
import type { HubMessage } from "../../domain/exchange/messages.ts";
import type { AgencyBehaviour, AgencyContext } from "./agency.ts";

type Message<T extends HubMessage["type"]> = Extract<HubMessage, { type: T }>;

export interface TravelBan {
  orderId: string;
  fileNumber: string;
  civilId: string;
  nameEn: string;
  reference: string;
  status: "in_force" | "lifted";
  registeredAt: string;
  liftedAt: string | null;
}

export class PortsBehaviour implements AgencyBehaviour {
  private bans = new Map<string, TravelBan>();
  private liftedUnknown = new Set<string>();
  private counter = 0;

  handle(message: HubMessage, context: AgencyContext): void {
    switch (message.type) {
      case "travel_ban.order":
        return this.ban(message, context);
      case "lift.order":
        return this.lift(message, context);
      default:
        context.reject(message, "INVALID_ORDER", `the ports authority does not handle ${message.type}`);
    }
  }

  private ban(message: Message<"travel_ban.order">, context: AgencyContext) {
    if (!("civilId" in message.debtor)) {
      return context.reject(message, "NOT_ALLOWED", "a travel ban applies to natural persons only (civil ID), not to a company");
    }
    const existing = this.bans.get(message.orderId);
    if (existing?.status === "lifted" || this.liftedUnknown.has(message.orderId)) {
      return context.reject(message, "INVALID_ORDER", "this order has been lifted");
    }
    const now = context.now();
    const ban: TravelBan = existing ?? {
      orderId: message.orderId,
      fileNumber: message.fileNumber,
      civilId: message.debtor.civilId,
      nameEn: message.debtor.nameEn,
      reference: `TB-${now.getUTCFullYear()}-${String(++this.counter).padStart(6, "0")}`,
      status: "in_force",
      registeredAt: now.toISOString(),
      liftedAt: null,
    };
    this.bans.set(ban.orderId, ban);
    context.reply({ type: "ack", inReplyTo: message.messageId, orderId: ban.orderId });
    context.reply({ type: "travel_ban.registered", inReplyTo: message.messageId, orderId: ban.orderId, reference: ban.reference });
  }

  private lift(message: Message<"lift.order">, context: AgencyContext) {
    const ban = this.bans.get(message.orderId);
    if (!ban) this.liftedUnknown.add(message.orderId);
    else if (ban.status === "in_force") {
      ban.status = "lifted";
      ban.liftedAt = context.now().toISOString();
    }
    context.reply({ type: "lift.confirmation", inReplyTo: message.messageId, orderId: message.orderId });
  }

  /** Bans, all or only those in force. */
  list(options: { inForce?: boolean } = {}): TravelBan[] {
    return [...this.bans.values()].filter((ban) => !options.inForce || ban.status === "in_force").map((ban) => ({ ...ban }));
  }

  /** Is this person banned from travel now (by any order)? */
  isBanned(civilId: string): boolean {
    return this.list({ inForce: true }).some((ban) => ban.civilId === civilId);
  }

  snapshot() {
    return { bans: this.list() };
  }

  reset() {
    this.bans.clear();
    this.liftedUnknown.clear();
    this.counter = 0;
  }
}
