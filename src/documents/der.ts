/**
 * The little DER the PAdES signer needs: building a CMS SignedData from exact bytes (the
 * certificates are copied as they are, never re-encoded) and reading one back. Only
 * low tag numbers and definite lengths, as DER has.
 */

export interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

function lengthBytes(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), lengthBytes(body.length), body]);
}

export const SEQUENCE = 0x30;
export const SET = 0x31;
export const INTEGER = 0x02;
export const OCTET_STRING = 0x04;
export const NULL = 0x05;
export const OID = 0x06;
/** [0], constructed (EXPLICIT, or IMPLICIT over a SET/SEQUENCE). */
export const CONTEXT_0 = 0xa0;
export const CONTEXT_1 = 0xa1;

export function oid(dotted: string): Buffer {
  const arcs = dotted.split(".").map(Number);
  const out: number[] = [];
  const push = (value: number) => {
    const group = [value % 128];
    for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) group.unshift((rest % 128) | 0x80);
    out.push(...group);
  };
  push(arcs[0]! * 40 + arcs[1]!);
  for (const arc of arcs.slice(2)) push(arc);
  return tlv(OID, Buffer.from(out));
}

export function integer(value: number): Buffer {
  return tlv(INTEGER, Buffer.from([value]));
}

export function readTlv(bytes: Buffer, offset: number, limit = bytes.length): Tlv {
  const tag = bytes[offset];
  if (tag === undefined || offset + 2 > limit) throw new Error("DER: truncated");
  if ((tag & 0x1f) === 0x1f) throw new Error("DER: high tag number");
  let length = bytes[offset + 1]!;
  let position = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || position + count > limit) throw new Error("DER: bad length");
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + bytes[position++]!;
  }
  const end = position + length;
  if (end > limit) throw new Error("DER: truncated");
  return { tag, start: offset, contentStart: position, end };
}

export function children(bytes: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let offset = parent.contentStart; offset < parent.end; ) {
    const child = readTlv(bytes, offset, parent.end);
    out.push(child);
    offset = child.end;
  }
  return out;
}

export function raw(bytes: Buffer, node: Tlv): Buffer {
  return bytes.subarray(node.start, node.end);
}

export function content(bytes: Buffer, node: Tlv): Buffer {
  return bytes.subarray(node.contentStart, node.end);
}
