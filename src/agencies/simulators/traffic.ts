/**
 * The stand-in traffic department: the vehicles registered to a debtor (a person by civil
 * ID, or a company by CR number: companies own fleets) come from the seed unless
 * overridden; a seizure order flags every one of them (no transfer, no renewal) and a
 * lift unflags what that order flagged. A vehicle stays flagged while any order holds it.
 */
import type { HubMessage } from "../../domain/exchange/messages.ts";
import { vehicle as vehicleSchema } from "../../domain/exchange/messages.ts";
import type { AgencyBehaviour, AgencyContext } from "./agency.ts";
import { debtorIdOf } from "./bank.ts";
import { generateVehicles, type GeneratedVehicle } from "./data.ts";

type Message<T extends HubMessage["type"]> = Extract<HubMessage, { type: T }>;

export type Vehicle = GeneratedVehicle;

interface SeizureOrder {
  orderId: string;
  fileNumber: string;
  debtorId: string;
  vins: string[];
  status: "in_force" | "lifted";
  receivedAt: string;
  liftedAt: string | null;
}

export class TrafficBehaviour implements AgencyBehaviour {
  private vehicles = new Map<string, Vehicle[]>();
  private orders = new Map<string, SeizureOrder>();
  private liftedUnknown = new Set<string>();

  private readonly seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  handle(message: HubMessage, context: AgencyContext): void {
    switch (message.type) {
      case "seizure.order":
        return this.seize(message, context);
      case "lift.order":
        return this.lift(message, context);
      default:
        context.reject(message, "INVALID_ORDER", `the traffic department does not handle ${message.type}`);
    }
  }

  vehiclesOf(debtorId: string): Vehicle[] {
    let list = this.vehicles.get(debtorId);
    if (!list) {
      list = generateVehicles(this.seed, debtorId);
      this.vehicles.set(debtorId, list);
    }
    return list;
  }

  /** Replaces the vehicles registered to a debtor (control API). */
  setVehicles(debtorId: string, vehicles: readonly Vehicle[]) {
    this.vehicles.set(debtorId, vehicles.map((vehicle) => vehicleSchema.parse(vehicle)));
  }

  private seize(message: Message<"seizure.order">, context: AgencyContext) {
    const existing = this.orders.get(message.orderId);
    if (existing?.status === "lifted" || this.liftedUnknown.has(message.orderId)) {
      return context.reject(message, "INVALID_ORDER", "this order has been lifted");
    }
    const debtorId = debtorIdOf(message.debtor);
    const order: SeizureOrder = existing ?? {
      orderId: message.orderId,
      fileNumber: message.fileNumber,
      debtorId,
      vins: this.vehiclesOf(debtorId).map((vehicle) => vehicle.vin),
      status: "in_force",
      receivedAt: context.now().toISOString(),
      liftedAt: null,
    };
    this.orders.set(order.orderId, order);
    context.reply({ type: "ack", inReplyTo: message.messageId, orderId: order.orderId });
    const registered = this.vehiclesOf(debtorId).filter((vehicle) => order.vins.includes(vehicle.vin));
    context.reply({ type: "seizure.result", inReplyTo: message.messageId, orderId: order.orderId, vehicles: registered.slice(0, 200) });
  }

  private lift(message: Message<"lift.order">, context: AgencyContext) {
    const order = this.orders.get(message.orderId);
    if (!order) this.liftedUnknown.add(message.orderId);
    else if (order.status === "in_force") {
      order.status = "lifted";
      order.liftedAt = context.now().toISOString();
    }
    context.reply({ type: "lift.confirmation", inReplyTo: message.messageId, orderId: message.orderId });
  }

  /** Every flagged vehicle, with the orders holding it. */
  flagged() {
    const byVin = new Map<string, { vehicle: Vehicle; debtorId: string; orderIds: string[] }>();
    for (const order of this.orders.values()) {
      if (order.status !== "in_force") continue;
      for (const vehicle of this.vehiclesOf(order.debtorId)) {
        if (!order.vins.includes(vehicle.vin)) continue;
        const entry = byVin.get(vehicle.vin) ?? { vehicle, debtorId: order.debtorId, orderIds: [] };
        entry.orderIds.push(order.orderId);
        byVin.set(vehicle.vin, entry);
      }
    }
    return [...byVin.values()].map((entry) => ({ ...entry.vehicle, debtorId: entry.debtorId, orderIds: entry.orderIds }));
  }

  isFlagged(vin: string): boolean {
    return this.flagged().some((entry) => entry.vin === vin);
  }

  debtorView(debtorId: string) {
    const flagged = new Set(this.flagged().map((entry) => entry.vin));
    return { debtorId, vehicles: this.vehiclesOf(debtorId).map((vehicle) => ({ ...vehicle, flagged: flagged.has(vehicle.vin) })) };
  }

  snapshot() {
    return { orders: [...this.orders.values()], flagged: this.flagged() };
  }

  reset() {
    this.vehicles.clear();
    this.orders.clear();
    this.liftedUnknown.clear();
  }
}
