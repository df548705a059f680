/**
 * Documents: what may be uploaded, what the department issues, and how a type is told
 * from the content itself (magic bytes), never from a name or a declared type.
 */
import type { Label } from "../procedures/labels.ts";

export const uploadedDocumentKinds = ["executory_title_copy", "power_of_attorney", "evidence", "other"] as const;
export const generatedDocumentKinds = ["request_receipt", "agency_order", "lift_certificate", "release_certificate", "fee_receipt", "payment_receipt"] as const;
export type UploadedDocumentKind = (typeof uploadedDocumentKinds)[number];
export type GeneratedDocumentKind = (typeof generatedDocumentKinds)[number];
export type DocumentKind = UploadedDocumentKind | GeneratedDocumentKind;

export const documentMediaTypes = ["application/pdf", "image/jpeg", "image/png"] as const;
export type DocumentMediaType = (typeof documentMediaTypes)[number];

export const documentKindLabels = {
  executory_title_copy: { ar: "صورة السند التنفيذي", en: "Copy of the executory title" },
  power_of_attorney: { ar: "توكيل", en: "Power of attorney" },
  evidence: { ar: "مستند إثبات", en: "Evidence" },
  other: { ar: "مستند آخر", en: "Other document" },
  request_receipt: { ar: "إيصال طلب إجراء", en: "Request receipt" },
  agency_order: { ar: "أمر إلى جهة", en: "Agency order" },
  lift_certificate: { ar: "شهادة رفع إجراء", en: "Lift certificate" },
  release_certificate: { ar: "شهادة براءة ذمة", en: "Release certificate" },
  fee_receipt: { ar: "إيصال سداد رسوم", en: "Fee receipt" },
  payment_receipt: { ar: "إيصال سداد", en: "Payment receipt" },
} as const satisfies Record<DocumentKind, Label>;

export const extensionOf: Record<DocumentMediaType, string> = {
  "application/pdf": "pdf",
  "image/jpeg": "jpg",
  "image/png": "png",
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

/** The media type the content really is, or null when it is none we accept. */
export function sniffMediaType(bytes: Uint8Array): DocumentMediaType | null {
  if (startsWith(bytes, PDF_SIGNATURE)) return "application/pdf";
  if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
  if (startsWith(bytes, JPEG_SIGNATURE)) return "image/jpeg";
  return null;
}

/**
 * A name as metadata: the last path segment, without control characters (C0, C1) nor the
 * invisible direction marks that make "gpj.exe" read as "exe.jpg", at most 255
 * characters; null when nothing is left.
 */
export function cleanDocumentName(name: string | undefined | null): string | null {
  if (!name) return null;
  const last = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const cleaned = last.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "").trim().slice(0, 255);
  return cleaned === "" || cleaned === "." || cleaned === ".." ? null : cleaned;
}

// RFC 8187 attr-char: everything else is percent-encoded (encodeURIComponent leaves ' ( ) * alone).
const encodeAttr = (value: string) => encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The Content-Disposition of a download: always an attachment; an ASCII name made of the
 * kind and id; and, when the uploader gave one, their name (extension replaced by the
 * one of the sniffed type) percent-encoded as UTF-8 — never a raw quote, semicolon, line
 * break or path in the header.
 */
export function contentDisposition(document: { id: string; kind: DocumentKind; mediaType: DocumentMediaType; name: string | null }): string {
  const extension = extensionOf[document.mediaType];
  const fallback = `attachment; filename="${document.kind}-${document.id}.${extension}"`;
  const cleaned = cleanDocumentName(document.name);
  if (cleaned === null) return fallback;
  const base = cleaned.replace(/\.[^.]{1,10}$/, "") || document.kind;
  return `${fallback}; filename*=UTF-8''${encodeAttr(`${base}.${extension}`)}`;
}
