/**
 * The stand-in civil-information authority: a population of persons, loaded from the
 * options or the control API (the hub's demo data supplies its own); an identity query
 * answers what is registered, or found: false.
 */
import { z } from "zod";
import type { HubMessage } from "../../domain/exchange/messages.ts";
import type { AgencyBehaviour, AgencyContext } from "./agency.ts";

export const personInput = z
  .object({
    civilId: z.string().regex(/^[23][0-9]{11}$/),
    nameAr: z.string().min(1),
    nameEn: z.string().min(1),
    nationality: z.string().length(3),
    alive: z.boolean().default(true),
    email: z.string().nullable().default(null),
    phone: z.string().nullable().default(null),
  })
  .strict();

export type PersonInput = z.input<typeof personInput>;
export type Person = z.output<typeof personInput>;

export class CivilInfoBehaviour implements AgencyBehaviour {
  private persons = new Map<string, Person>();
  private queries = 0;

  private readonly initial: readonly PersonInput[];

  constructor(initial: readonly PersonInput[] = []) {
    this.initial = initial;
    this.load(initial);
  }

  /** Adds or replaces persons; returns the population size. */
  load(persons: readonly PersonInput[]): number {
    for (const person of persons) {
      const parsed = personInput.parse(person);
      this.persons.set(parsed.civilId, parsed);
    }
    return this.persons.size;
  }

  get(civilId: string): Person | undefined {
    return this.persons.get(civilId);
  }

  get size(): number {
    return this.persons.size;
  }

  handle(message: HubMessage, context: AgencyContext): void {
    if (message.type !== "identity.query") {
      context.reject(message, "INVALID_ORDER", `the civil-information authority does not handle ${message.type}`);
      return;
    }
    this.queries++;
    const person = this.persons.get(message.civilId);
    context.reply({
      type: "identity.result",
      inReplyTo: message.messageId,
      queryId: message.queryId,
      civilId: message.civilId,
      found: person !== undefined,
      person: person
        ? { nameAr: person.nameAr, nameEn: person.nameEn, nationality: person.nationality, alive: person.alive, email: person.email, phone: person.phone }
        : null,
    });
  }

  snapshot() {
    return { persons: this.persons.size, queriesAnswered: this.queries };
  }

  reset() {
    this.persons.clear();
    this.queries = 0;
    this.load(this.initial);
  }
}
