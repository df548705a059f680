/**
 * The department's PDFs, in Arabic and English, each with a QR code of its verification
 * address. pdfkit (through fontkit) shapes Arabic letters within a word with the Amiri
 * font, but lays words out left to right: `visualRtl` reorders a line's words for a
 * right-to-left paragraph (Arabic words reversed, runs of digits and Latin kept in
 * their own order), and lines are wrapped here, before reordering.
 *
 * Every PDF is signed (PAdES, ETSI.CAdES.detached, by the department's key through the
 * DocumentSigner port): @signpdf's placeholder goes in as the PDF is written, and
 * @signpdf/signpdf fills it with the CMS signature over the byte range.
 */
import { createRequire } from "node:module";
import { pdfkitAddPlaceholder } from "@signpdf/placeholder-pdfkit";
import { SignPdf } from "@signpdf/signpdf";
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from "@signpdf/utils";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { ltrRuns } from "../../domain/identifiers/ltr.ts";
import type { DocumentSigner } from "./pdf-signer.ts";

const require = createRequire(import.meta.url);
const amiriRegular = require.resolve("@expo-google-fonts/amiri/400Regular/Amiri_400Regular.ttf");
const amiriBold = require.resolve("@expo-google-fonts/amiri/700Bold/Amiri_700Bold.ttf");

export interface PdfRow {
  labelAr: string;
  labelEn: string;
  /** Shown in the middle column; an Arabic value is laid out right to left. */
  value: string;
  valueEn?: string;
}

export interface PdfContent {
  titleAr: string;
  titleEn: string;
  rows: PdfRow[];
  noteAr?: string;
  noteEn?: string;
  verifyUrl: string;
  verificationCode: string;
  issuedAtKuwait: string;
}

const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;

/** A word as laid out: an identifier is one left-to-right unit, even with spaces in it (an IBAN in groups). */
interface Unit {
  text: string;
  ltr: boolean;
  /** Written right after the previous unit, with no space (a comma after a file number). */
  glued: boolean;
}

/**
 * The units of a text, in logical order. Identifiers (file numbers, IBANs, civil IDs,
 * plates, references) are found as the app and notices find them
 * (src/domain/identifiers/ltr.ts) and kept whole, as isolated left-to-right runs.
 */
export function textUnits(text: string): Unit[] {
  const units: Unit[] = [];
  let spaceBefore = true;
  for (const run of ltrRuns(text)) {
    if (run.ltr) {
      units.push({ text: run.text, ltr: true, glued: !spaceBefore && units.length > 0 });
      spaceBefore = false;
      continue;
    }
    for (const part of run.text.split(/(\s+)/)) {
      if (part === "") continue;
      if (/^\s+$/.test(part)) {
        spaceBefore = true;
        continue;
      }
      units.push({ text: part, ltr: !ARABIC.test(part), glued: !spaceBefore && units.length > 0 });
      spaceBefore = false;
    }
  }
  return units;
}

/** Reorders one line's units (logical order) into their visual order, left to right, for a right-to-left paragraph. */
function visualOrder(units: readonly Unit[]): { unit: Unit; index: number }[] {
  const runs: { ltr: boolean; items: { unit: Unit; index: number }[] }[] = [];
  units.forEach((unit, index) => {
    const last = runs.at(-1);
    if (last && last.ltr === unit.ltr) last.items.push({ unit, index });
    else runs.push({ ltr: unit.ltr, items: [{ unit, index }] });
  });
  return runs.reverse().flatMap((run) => (run.ltr ? run.items : [...run.items].reverse()));
}

/** One line's words in their visual order, left to right, for a right-to-left paragraph. */
export function visualRtlTokens(line: string): string[] {
  return visualOrder(textUnits(line)).map((item) => item.unit.text);
}

export function visualRtl(line: string): string {
  return visualRtlTokens(line).join(" ");
}

function wrapUnits(doc: PDFKit.PDFDocument, units: readonly Unit[], width: number, gap: number): Unit[][] {
  const lines: Unit[][] = [];
  let current: Unit[] = [];
  let used = 0;
  for (const unit of units) {
    const w = doc.widthOfString(unit.text);
    const extra = current.length === 0 ? w : w + (unit.glued ? 0 : gap);
    if (current.length > 0 && used + extra > width) {
      lines.push(current);
      current = [unit];
      used = w;
    } else {
      current.push(unit);
      used += extra;
    }
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

function arabicText(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number): number {
  let top = y;
  // Each word is placed here (pdfkit's own line layout loses some spaces between Arabic words).
  const gap = doc.widthOfString(" ") * 1.2;
  for (const line of wrapUnits(doc, textUnits(text), width, gap)) {
    const items = visualOrder(line);
    const widths = items.map((item) => doc.widthOfString(item.unit.text));
    // No space between two units written together (neighbours in the logical order, the later one glued).
    const gaps = items.map((item, index) => {
      const next = items[index + 1];
      if (!next) return 0;
      const later = Math.max(item.index, next.index);
      return Math.abs(item.index - next.index) === 1 && line[later]!.glued ? 0 : gap;
    });
    let cursor = x + width - (widths.reduce((sum, w) => sum + w, 0) + gaps.reduce((sum, g) => sum + g, 0));
    items.forEach((item, index) => {
      doc.text(item.unit.text, cursor, top, { lineBreak: false });
      cursor += widths[index]! + gaps[index]!;
    });
    top += doc.currentLineHeight(true);
  }
  return top;
}

function latinText(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number, align: "left" | "center" = "left"): number {
  doc.text(text, x, y, { width, align });
  return doc.y;
}

function valueText(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number): number {
  if (ARABIC.test(text)) return arabicText(doc, text, x, y, width);
  return latinText(doc, text, x, y, width, "center");
}

/** @signpdf's Signer over the port. */
class PortSigner extends Signer {
  readonly #signer: DocumentSigner;
  constructor(signer: DocumentSigner) {
    super();
    this.#signer = signer;
  }
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return this.#signer.signDetached(pdfBuffer);
  }
}

/** Who signs, and when (the PDF's /M and creation date: the issue time). */
export interface PdfSigning {
  signer: DocumentSigner;
  at: Date;
}

/** Renders and signs the document; the bytes are what is hashed and stored. */
export async function renderPdf(content: PdfContent, signing: PdfSigning): Promise<Buffer> {
  const qr = await QRCode.toBuffer(content.verifyUrl, { type: "png", errorCorrectionLevel: "M", margin: 1, width: 360 });
  const certificate = await signing.signer.certificate();
  const signatureRoom = await signing.signer.signatureRoom();
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: { Title: `${content.titleEn} — ${content.verificationCode}`, Producer: "tanfeeth", Creator: "tanfeeth", CreationDate: signing.at },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.registerFont("ar", amiriRegular);
  doc.registerFont("ar-bold", amiriBold);

  const left = 50;
  const full = doc.page.width - 100;
  const half = full / 2 - 10;
  let y = 50;
  doc.font("ar-bold").fontSize(13);
  arabicText(doc, "دولة الكويت — وزارة العدل — الإدارة العامة للتنفيذ", left + full - half, y, half);
  const headerEnd = latinText(doc, "State of Kuwait — Ministry of Justice — Enforcement Department", left, y + 3, half);
  y = Math.max(y + 30, headerEnd + 6);
  doc.moveTo(left, y).lineTo(left + full, y).lineWidth(1).stroke();
  y += 15;
  doc.font("ar-bold").fontSize(20);
  y = arabicText(doc, content.titleAr, left, y, full);
  doc.fontSize(16);
  y = latinText(doc, content.titleEn, left, y, full, "left") + 15;

  const labelWidth = 120;
  const valueWidth = full - 2 * labelWidth - 20;
  const pageBottom = () => doc.page.height - 50;
  for (const row of content.rows) {
    // A row is never split between pages (pdfkit would move the rest of a text to a new page on its own).
    doc.font("ar-bold").fontSize(12);
    const valueHeight = ARABIC.test(row.value)
      ? wrapUnits(doc, textUnits(row.value), valueWidth, doc.widthOfString(" ") * 1.2).length * doc.currentLineHeight(true)
      : doc.heightOfString(row.value, { width: valueWidth });
    doc.font("ar");
    const labelHeight = doc.heightOfString(row.labelEn, { width: labelWidth });
    const valueEnHeight = row.valueEn ? doc.fontSize(10).heightOfString(row.valueEn, { width: valueWidth }) : 0;
    const rowHeight = Math.max(labelHeight, valueHeight + valueEnHeight) + 12;
    if (y + rowHeight > pageBottom()) {
      doc.addPage();
      y = 50;
    }
    doc.font("ar").fontSize(12);
    const endAr = arabicText(doc, row.labelAr, left + full - labelWidth, y, labelWidth);
    const endEn = latinText(doc, row.labelEn, left, y + 2, labelWidth);
    doc.font("ar-bold");
    let endValue = valueText(doc, row.value, left + labelWidth + 10, y, valueWidth);
    if (row.valueEn) endValue = latinText(doc.font("ar").fontSize(10), row.valueEn, left + labelWidth + 10, endValue, valueWidth, "center");
    y = Math.max(endAr, endEn, endValue) + 8;
    doc.moveTo(left, y - 4).lineTo(left + full, y - 4).lineWidth(0.3).strokeColor("#999999").stroke().strokeColor("#000000");
  }
  y += 10;
  doc.font("ar").fontSize(12);
  if (content.noteAr) y = arabicText(doc, content.noteAr, left, y, full) + 2;
  if (content.noteEn) y = latinText(doc, content.noteEn, left, y, full) + 10;

  const qrSize = 120;
  // The QR code and what goes beside it (about 180 points) end the last page.
  const footer = 180;
  if (y + 10 + footer > pageBottom()) {
    doc.addPage();
    y = 50;
  }
  const qrTop = Math.max(y + 10, pageBottom() - footer);
  doc.image(qr, left, qrTop, { width: qrSize, height: qrSize });
  const textX = left + qrSize + 15;
  const textWidth = full - qrSize - 15;
  doc.font("ar").fontSize(11);
  let ty = arabicText(doc, "للتحقق من صحة هذا المستند وسلامته امسح الرمز أو افتح العنوان:", textX, qrTop, textWidth);
  ty = latinText(doc, "To verify this document is authentic and unaltered, scan the code or open:", textX, ty, textWidth);
  doc.fontSize(10);
  ty = latinText(doc, content.verifyUrl, textX, ty + 2, textWidth);
  doc.fontSize(11);
  ty = latinText(doc, `Verification code: ${content.verificationCode}`, textX, ty + 2, textWidth);
  ty = latinText(doc, `Issued: ${content.issuedAtKuwait}`, textX, ty, textWidth);
  doc.fontSize(9);
  ty = arabicText(doc, "موقّع رقميًا بمفتاح الإدارة العامة للتنفيذ، ويظهر التوقيع في قارئ المستندات.", textX, ty + 4, textWidth);
  const signerName = /(?:^|, )CN=(.*?)(?:, [A-Z]+=|$)/.exec(certificate.subject)?.[1]?.replace(/\\,/g, ",") ?? certificate.subject;
  ty = latinText(doc, `Digitally signed (PAdES) by: ${signerName}`, textX, ty, textWidth);
  doc.fontSize(7);
  latinText(doc, `Certificate SHA-256: ${certificate.fingerprintSha256}`, textX, ty, textWidth);
  pdfkitAddPlaceholder({
    pdf: doc,
    pdfBuffer: Buffer.alloc(0),
    reason: "مستند صادر عن الإدارة العامة للتنفيذ — Issued by the Enforcement Department",
    contactInfo: content.verifyUrl,
    name: "الإدارة العامة للتنفيذ — Enforcement Department",
    location: "State of Kuwait",
    signingTime: signing.at,
    signatureLength: signatureRoom,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    appName: "tanfeeth",
  });
  doc.end();
  return new SignPdf().sign(await done, new PortSigner(signing.signer));
}

/** A time as the department states it: Kuwait local time, with the zone named. */
export function kuwaitTime(at: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Kuwait",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} (Asia/Kuwait, UTC+03:00)`;
}
