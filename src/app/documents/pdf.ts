/**
 * The department's PDFs, in Arabic and English, each with a QR code of its verification
 * address. pdfkit (through fontkit) shapes Arabic letters within a word with the Amiri
 * font, but lays words out left to right: `visualRtl` reorders a line's words for a
 * right-to-left paragraph (Arabic words reversed, runs of digits and Latin kept in
 * their own order), and lines are wrapped here, before reordering.
 */
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";

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

/** Reorders one line (logical order) into the visual order, left to right, of its words, for a right-to-left paragraph. */
export function visualRtlTokens(line: string): string[] {
  const tokens = line.split(/\s+/).filter((token) => token !== "");
  const runs: { arabic: boolean; tokens: string[] }[] = [];
  for (const token of tokens) {
    const arabic = ARABIC.test(token);
    const last = runs.at(-1);
    if (last && last.arabic === arabic) last.tokens.push(token);
    else runs.push({ arabic, tokens: [token] });
  }
  return runs
    .reverse()
    .flatMap((run) => (run.arabic ? [...run.tokens].reverse() : run.tokens));
}

export function visualRtl(line: string): string {
  return visualRtlTokens(line).join(" ");
}

function wrap(doc: PDFKit.PDFDocument, text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter((token) => token !== "")) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if (current !== "" && doc.widthOfString(candidate) > width) {
      lines.push(current);
      current = word;
    } else current = candidate;
  }
  if (current !== "") lines.push(current);
  return lines;
}

function arabicText(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number): number {
  let top = y;
  // Each word is placed here (pdfkit's own line layout loses some spaces between Arabic words).
  const gap = doc.widthOfString(" ") * 1.2;
  for (const line of wrap(doc, text, width)) {
    const tokens = visualRtlTokens(line);
    const widths = tokens.map((token) => doc.widthOfString(token));
    let cursor = x + width - (widths.reduce((sum, w) => sum + w, 0) + gap * (tokens.length - 1));
    tokens.forEach((token, index) => {
      doc.text(token, cursor, top, { lineBreak: false });
      cursor += widths[index]! + gap;
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

/** Renders the document; the bytes are what is hashed and stored. */
export async function renderPdf(content: PdfContent): Promise<Buffer> {
  const qr = await QRCode.toBuffer(content.verifyUrl, { type: "png", errorCorrectionLevel: "M", margin: 1, width: 360 });
  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    info: { Title: `${content.titleEn} — ${content.verificationCode}`, Producer: "tanfeeth", Creator: "tanfeeth" },
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

  const labelWidth = 150;
  const valueWidth = full - 2 * labelWidth - 20;
  for (const row of content.rows) {
    doc.font("ar").fontSize(12);
    const endAr = arabicText(doc, row.labelAr, left + full - labelWidth, y, labelWidth);
    const endEn = latinText(doc, row.labelEn, left, y + 2, labelWidth);
    doc.font("ar-bold");
    let endValue = valueText(doc, row.value, left + labelWidth + 10, y, valueWidth);
    if (row.valueEn) endValue = latinText(doc.font("ar"), row.valueEn, left + labelWidth + 10, endValue, valueWidth, "center");
    y = Math.max(endAr, endEn, endValue) + 8;
    doc.moveTo(left, y - 4).lineTo(left + full, y - 4).lineWidth(0.3).strokeColor("#999999").stroke().strokeColor("#000000");
  }
  y += 10;
  doc.font("ar").fontSize(12);
  if (content.noteAr) y = arabicText(doc, content.noteAr, left, y, full) + 2;
  if (content.noteEn) y = latinText(doc, content.noteEn, left, y, full) + 10;

  const qrSize = 120;
  const qrTop = Math.max(y + 10, doc.page.height - 50 - qrSize - 10);
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
  latinText(doc, `Issued: ${content.issuedAtKuwait}`, textX, ty, textWidth);
  doc.end();
  return done;
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
