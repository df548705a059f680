/** Shapes sent to clients: money as KWD decimal strings ("1234.567"), time as ISO 8601 UTC. */
import { formatKwd, parseKwd, type Fils } from "../domain/money/index.ts";
import { maskCivilId } from "../domain/identifiers/index.ts";

export const kwd = (fils: Fils | null) => (fils === null ? null : formatKwd(fils, { grouping: false }));
export const iso = (date: Date | null) => (date === null ? null : date.toISOString());
export const amountFromWire = (text: string): Fils => parseKwd(text);

/** A party's identifier as shown to someone who is not that party: partly hidden. */
export function partyIdentifier(civilId: string | null, crNumber: string | null, reveal: boolean) {
  if (crNumber !== null) return { crNumber };
  return { civilId: reveal ? civilId : maskCivilId(civilId ?? "") };
}

export function encodeCursor(openedAt: Date, id: string): string {
  return Buffer.from(`${openedAt.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { openedAt: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const openedAt = new Date(at ?? "");
  if (Number.isNaN(openedAt.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return { openedAt, id };
}
