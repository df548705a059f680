/**
 * What an uploaded PDF may hold, judged on the document as a real PDF parser read it
 * (qpdf, through the port in src/app/documents/pdf-reader.ts): every object of the
 * cross-reference table, those packed in object streams included, with every filter and
 * predictor undone, indirect references kept as references and names decoded (/J#53 is
 * /JS). Pure: nothing here reads bytes or runs anything.
 *
 * Why these refusals:
 * - A PDF can run JavaScript, launch programs, open other files, send form data, play
 *   media, act on opening or on a page being shown, carry embedded files and hold a
 *   second, scriptable description of itself (XFA). A copy of a title, a power of attorney
 *   or evidence needs none of that, so any of it is refused rather than stripped
 *   (stripping would alter what the uploader signed and sent).
 * - Readers disagree on damaged files: a viewer that meets a reference leading to no
 *   listed object rebuilds the cross-reference table by scanning the file, and may then
 *   find objects the table hid. So the document is judged twice — as its table describes
 *   it and as a rebuilt table does — and an object stream no entry of the table points
 *   into (whose objects only a rebuilding reader might unpack) is refused as damaged.
 *   Mere repairs (a wrong /Size, a stream /Length that does not hold) are accepted.
 * - An encrypted file's objects can be read only with its password: refused.
 * - A file whose streams together decode to more than the budget is a decompression
 *   bomb for the viewer that opens it.
 */

/** A PDF object as the parser read it. Names without their slash; references as "12 0". */
export type PdfValue =
  | null
  | boolean
  | number
  | { name: string }
  | { string: string }
  | { ref: string }
  | PdfValue[]
  | PdfDictionary;

export interface PdfDictionary {
  dict: Record<string, PdfValue>;
}

/** An object of the file: a value, or a stream (its dictionary; its data is not needed to judge). */
export interface PdfObject {
  value: PdfValue;
  stream: boolean;
}

/** The whole document as read. */
export interface PdfStructure {
  /** Every object, by reference ("12 0"). */
  objects: ReadonlyMap<string, PdfObject>;
  /** The trailer dictionary (of a cross-reference stream, its dictionary). */
  trailer: PdfDictionary;
}

/** What the parser made of the upload. */
export type PdfReading =
  | {
      outcome: "read";
      /** The document as its cross-reference table describes it (what a viewer opens). */
      structure: PdfStructure;
      /**
       * The document as a viewer repairing it would see it: the table rebuilt by scanning
       * the file for every object. A viewer does that when a reference leads nowhere, and
       * then finds objects the table does not list. Null when nothing could be rebuilt.
       */
      rebuilt: PdfStructure | null;
      /** For each object stream ("5 0"), how many entries of the cross-reference table point into it. */
      objectStreamEntries: ReadonlyMap<string, number>;
      /** Bytes the streams decode to, or null: over the budget (decoding stopped there). */
      decodedBytes: number | null;
    }
  | { outcome: "encrypted" }
  /** Not a PDF the parser can read at all. */
  | { outcome: "unreadable" }
  /** The parser ran out of the memory it was given (an object stream decoding to gigabytes). */
  | { outcome: "too_large" }
  /** The parser did not finish in the time it was given. */
  | { outcome: "timed_out" };

export type PdfRefusal =
  | { code: "UNSUPPORTED_MEDIA_TYPE"; details: { reason: "pdf_unreadable" | "pdf_encrypted" | "pdf_damaged" | "pdf_inspection_timeout" } }
  | { code: "DOCUMENT_TOO_LARGE_DECODED"; details: { maxDecodedBytes: number } }
  | { code: "DOCUMENT_ACTIVE_CONTENT"; details: { found: string[] } };

/**
 * Names that make a PDF act by itself, wherever they stand (a key or a value):
 * scripts (JS, JavaScript: an action's type or the name tree), launching and opening
 * other files (Launch, GoToR, GoToE), sending or fetching data (SubmitForm, ImportData),
 * media (RichMedia, Rendition, Sound, Movie), additional actions on pages, fields and the
 * document (AA), embedded files (EmbeddedFile, EmbeddedFiles, EF, FileAttachment) and XFA.
 * /OpenAction is judged apart (a destination is allowed). Web links (/URI) are allowed.
 */
export const activeNames: ReadonlySet<string> = new Set([
  "JS",
  "JavaScript",
  "Launch",
  "GoToR",
  "GoToE",
  "SubmitForm",
  "ImportData",
  "RichMedia",
  "Rendition",
  "Sound",
  "Movie",
  "AA",
  "EmbeddedFile",
  "EmbeddedFiles",
  "EF",
  "FileAttachment",
  "XFA",
]);

/** Dictionaries whose keys are names a writer chose for resources (/F1, /Im3): not PDF vocabulary, so not judged. */
const resourceCategories = new Set(["Font", "XObject", "ExtGState", "ColorSpace", "Pattern", "Shading", "Properties"]);

const isName = (value: PdfValue): value is { name: string } => value !== null && typeof value === "object" && "name" in value;
const isRef = (value: PdfValue): value is { ref: string } => value !== null && typeof value === "object" && "ref" in value;
const isDictionary = (value: PdfValue): value is PdfDictionary => value !== null && typeof value === "object" && "dict" in value;

/**
 * The active-content names found anywhere in the document, sorted; "OpenAction" among
 * them when the catalog acts on opening (an /OpenAction that is an action, directly or
 * through a reference, rather than a destination to open on).
 */
export function pdfActiveContent(structure: PdfStructure): string[] {
  const found = new Set<string>();
  const resolve = (value: PdfValue, depth = 0): PdfValue => (isRef(value) && depth < 32 ? resolve(structure.objects.get(value.ref)?.value ?? null, depth + 1) : value);
  const visit = (value: PdfValue, keysAreResources: boolean): void => {
    if (value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, false);
      return;
    }
    if (isName(value)) {
      if (activeNames.has(value.name)) found.add(value.name);
      return;
    }
    if (!isDictionary(value)) return;
    for (const [key, entry] of Object.entries(value.dict)) {
      if (!keysAreResources && activeNames.has(key)) found.add(key);
      if (key === "OpenAction") {
        const target = resolve(entry);
        // A destination ([page /Fit], or a named one) only says where to open; anything else acts.
        if (!Array.isArray(target) && !isName(target) && !(target !== null && typeof target === "object" && "string" in target)) found.add("OpenAction");
      }
      visit(entry, resourceCategories.has(key));
    }
  };
  for (const object of structure.objects.values()) visit(object.value, false);
  visit(structure.trailer, false);
  return [...found].sort();
}

/**
 * Object streams no entry of the cross-reference table points into: their objects are
 * invisible to a reader that follows the table, yet a reader that rebuilds it may unpack
 * them. No writer makes one on purpose; a file with one is treated as damaged.
 */
export function unlistedObjectStreams(structure: PdfStructure, objectStreamEntries: ReadonlyMap<string, number>): string[] {
  const unlisted: string[] = [];
  for (const [ref, object] of structure.objects) {
    const type = isDictionary(object.value) ? object.value.dict.Type : undefined;
    if (object.stream && type !== undefined && isName(type) && type.name === "ObjStm" && !objectStreamEntries.get(ref)) unlisted.push(ref);
  }
  return unlisted;
}

/** The refusal an uploaded PDF earns, or null when it is accepted. */
export function judgePdf(reading: PdfReading, limits: { maxDecodedBytes: number }): PdfRefusal | null {
  switch (reading.outcome) {
    case "encrypted":
      return { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_encrypted" } };
    case "unreadable":
      return { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_unreadable" } };
    case "timed_out":
      return { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_inspection_timeout" } };
    case "too_large":
      return { code: "DOCUMENT_TOO_LARGE_DECODED", details: { maxDecodedBytes: limits.maxDecodedBytes } };
    case "read": {
      const found = [...new Set([...pdfActiveContent(reading.structure), ...(reading.rebuilt ? pdfActiveContent(reading.rebuilt) : [])])].sort();
      if (found.length > 0) return { code: "DOCUMENT_ACTIVE_CONTENT", details: { found } };
      if (unlistedObjectStreams(reading.structure, reading.objectStreamEntries).length > 0) {
        return { code: "UNSUPPORTED_MEDIA_TYPE", details: { reason: "pdf_damaged" } };
      }
      if (reading.decodedBytes === null || reading.decodedBytes > limits.maxDecodedBytes) {
        return { code: "DOCUMENT_TOO_LARGE_DECODED", details: { maxDecodedBytes: limits.maxDecodedBytes } };
      }
      return null;
    }
  }
}
