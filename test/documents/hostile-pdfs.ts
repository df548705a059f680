/**
 * The corpus of hostile PDFs (issue 16): each built here, byte by byte, so the test shows
 * what it hides and where. The first three are the variants that got past the old
 * hand-written inspection — an object stream whose data is PNG-predicted, a stream whose
 * /Filter is an indirect reference, an object stream without /Type /ObjStm — and the
 * rest are the other places a script, an action, an embedded file or a form can hide.
 *
 * Every file is a real PDF a viewer opens: `pdfinfo -js` (Poppler) prints the scripts of
 * those that carry one, and `pdfdetach -list` the files of those that embed one, so the
 * corpus test first shows each file really holds what it should be refused for.
 *
 * `node test/documents/hostile-pdfs.ts DIR` writes the corpus to DIR.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { deflateSync } from "node:zlib";

/** An object body: PDF syntax, or a stream (dictionary entries without /Length, and its encoded data). */
export type PdfBody = string | { dict: string; data: Buffer };

export interface ObjectStreamSpec {
  /** The object number of the object stream itself. */
  number: number;
  /** The objects it holds (they must not also be in `objects`). */
  members: Record<number, string>;
  /** Dictionary entries besides /N, /First and /Length (e.g. "/Type /ObjStm /Filter /FlateDecode"). */
  dict: string;
  /** Encodes the stream's raw bytes as the dictionary says. */
  encode: (raw: Buffer) => Buffer;
}

export interface Pdf15Spec {
  objects: Record<number, PdfBody>;
  objectStreams?: ObjectStreamSpec[];
  /** Trailer entries besides /Size (the xref stream's dictionary carries them). */
  trailer: string;
}

const bodyBytes = (body: PdfBody): Buffer =>
  typeof body === "string"
    ? Buffer.from(body, "latin1")
    : Buffer.concat([Buffer.from(`<< ${body.dict} /Length ${body.data.length} >>\nstream\n`, "latin1"), body.data, Buffer.from("\nendstream")]);

/**
 * A PDF 1.5 file with a cross-reference stream, so objects can live in object streams
 * (xref entries of type 2) — the way most modern writers save.
 */
export function pdf15(spec: Pdf15Spec): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let length = parts[0]!.length;
  const entries = new Map<number, [number, number, number]>();
  const write = (number: number, body: PdfBody) => {
    entries.set(number, [1, length, 0]);
    const object = Buffer.concat([Buffer.from(`${number} 0 obj\n`), bodyBytes(body), Buffer.from("\nendobj\n")]);
    parts.push(object);
    length += object.length;
  };
  for (const [number, body] of Object.entries(spec.objects)) write(Number(number), body);
  for (const stream of spec.objectStreams ?? []) {
    for (const number of Object.keys(stream.members)) {
      if (entries.has(Number(number)) || Number(number) in spec.objects) throw new Error(`object ${number} is written twice`);
      entries.set(Number(number), [2, stream.number, Object.keys(stream.members).indexOf(number)]);
    }
    write(stream.number, objectStreamBody(stream.members, stream.dict, stream.encode));
  }
  const xrefNumber = Math.max(...entries.keys()) + 1;
  entries.set(xrefNumber, [1, length, 0]);
  const size = xrefNumber + 1;
  const rows = Buffer.alloc(size * 7);
  for (let number = 0; number < size; number++) {
    const [type, field2, field3] = entries.get(number) ?? [0, 0, number === 0 ? 65535 : 0];
    rows.writeUInt8(type, number * 7);
    rows.writeUInt32BE(field2, number * 7 + 1);
    rows.writeUInt16BE(field3, number * 7 + 5);
  }
  const xref = Buffer.concat([
    Buffer.from(`${xrefNumber} 0 obj\n<< /Type /XRef /Size ${size} /W [1 4 2] ${spec.trailer} /Length ${rows.length} >>\nstream\n`, "latin1"),
    rows,
    Buffer.from("\nendstream\nendobj\n"),
  ]);
  parts.push(xref, Buffer.from(`startxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A PDF with a classic cross-reference table; objects numbered from 1 in order. */
export function classicPdf(objects: PdfBody[], trailer: string): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, index) => {
    offsets.push(length);
    const object = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), bodyBytes(body), Buffer.from("\nendobj\n")]);
    parts.push(object);
    length += object.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`)].join("");
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} ${trailer} >>\nstartxref\n${length}\n%%EOF\n`, "latin1"));
  return Buffer.concat(parts);
}

/**
 * Appends an incremental update to `base` (a classic-xref PDF): new or replaced objects
 * and a new xref section whose trailer points back at the previous one.
 */
export function incrementalUpdate(base: Buffer, objects: Record<number, PdfBody>, trailer: string): Buffer {
  const previous = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(base.toString("latin1"))![1]);
  const size = Number(/\/Size (\d+)/.exec(base.toString("latin1"))![1]);
  const parts: Buffer[] = [base];
  let length = base.length;
  const sections: string[] = [];
  for (const [number, body] of Object.entries(objects)) {
    const object = Buffer.concat([Buffer.from(`${number} 0 obj\n`), bodyBytes(body), Buffer.from("\nendobj\n")]);
    sections.push(`${number} 1\n${String(length).padStart(10, "0")} 00000 n \n`);
    parts.push(object);
    length += object.length;
  }
  const newSize = Math.max(size, ...Object.keys(objects).map((n) => Number(n) + 1));
  parts.push(Buffer.from(`xref\n${sections.join("")}trailer\n<< /Size ${newSize} /Prev ${previous} ${trailer} >>\nstartxref\n${length}\n%%EOF\n`, "latin1"));
  return Buffer.concat(parts);
}

/** PNG "Up" prediction (predictor 12) of `raw` in rows of `columns` bytes, as /DecodeParms << /Predictor 12 /Columns n >> undoes it. */
export function pngUpPredicted(raw: Buffer, columns: number): Buffer {
  const rows = Math.ceil(raw.length / columns);
  const padded = Buffer.concat([raw, Buffer.alloc(rows * columns - raw.length, 0x20)]);
  const out = Buffer.alloc(rows * (columns + 1));
  for (let row = 0; row < rows; row++) {
    out[row * (columns + 1)] = 2; // Up
    for (let x = 0; x < columns; x++) {
      const above = row > 0 ? padded[(row - 1) * columns + x]! : 0;
      out[row * (columns + 1) + 1 + x] = (padded[row * columns + x]! - above) & 0xff;
    }
  }
  return out;
}

const script = (marker: string) => `app.alert\\('${marker}'\\)`;
const jsAction = (marker: string) => `<< /S /JavaScript /JS (${script(marker)}) >>`;
const pageContent = { dict: "/Filter /FlateDecode", data: deflateSync(Buffer.from("BT /F1 12 Tf 20 100 Td (copy) Tj ET")) };

export interface HostilePdf {
  name: string;
  /** Where it hides what it hides. */
  hides: string;
  bytes: Buffer;
  /** The refusal it must earn. */
  refusal: { code: "DOCUMENT_ACTIVE_CONTENT"; found: string[] } | { code: "UNSUPPORTED_MEDIA_TYPE"; reason: string };
  /** What Poppler shows of it: the script `pdfinfo -js` prints, or the file `pdfdetach -list` lists; null when Poppler shows neither (a launch, an open action that is not a script, XFA). */
  poppler: { js: string } | { embedded: string } | null;
}

/** A one-page document whose catalog is object 1, pages 2, page 3, its content 4; `catalog` and `page` add entries. */
function classicDocument(options: { catalog?: string; page?: string; more?: PdfBody[]; trailer?: string }): Buffer {
  return classicPdf(
    [
      `<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ""} >>`,
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R ${options.page ?? ""} >>`,
      pageContent,
      ...(options.more ?? []),
    ],
    `/Root 1 0 R ${options.trailer ?? ""}`,
  );
}

/** The catalog, pages and page in an object stream (5), its content stream 4, and `extra` members; the object stream as `stream` says. */
function objectStreamDocument(options: { catalog: string; members: Record<number, string>; dict: string; encode: (raw: Buffer) => Buffer; objects?: Record<number, PdfBody> }): Buffer {
  return pdf15({
    objects: { 4: pageContent, ...(options.objects ?? {}) },
    objectStreams: [
      {
        number: 5,
        dict: options.dict,
        encode: options.encode,
        members: {
          1: `<< /Type /Catalog /Pages 2 0 R ${options.catalog} >>`,
          2: "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
          3: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
          ...options.members,
        },
      },
    ],
    trailer: "/Root 1 0 R",
  });
}

/** An object stream's body: the members' numbers and offsets, then the members, encoded. */
function objectStreamBody(members: Record<number, string>, dict: string, encode: (raw: Buffer) => Buffer): PdfBody {
  const bodies = Object.values(members).map((body) => `${body}\n`);
  let offset = 0;
  const header = Object.keys(members)
    .map((number, index) => {
      const pair = `${number} ${offset}`;
      offset += bodies[index]!.length;
      return pair;
    })
    .join(" ");
  return { dict: `${dict} /N ${bodies.length} /First ${header.length + 1}`, data: encode(Buffer.from(`${header}\n${bodies.join("")}`, "latin1")) };
}

/** A classic document whose name tree points at objects 9 and 10, written in the file but left out of its table. */
function objectsOutsideTheTable(): Buffer {
  const text = classicDocument({ catalog: "/Names << /JavaScript 9 0 R >>" }).toString("latin1");
  const at = text.lastIndexOf("\nxref\n") + 1;
  const hidden = `9 0 obj\n<< /Names [(a) 10 0 R] >>\nendobj\n10 0 obj\n${jsAction("outside the table")}\nendobj\n`;
  const rest = text.slice(at).replace(/startxref\n(\d+)/, (_, offset: string) => `startxref\n${Number(offset) + hidden.length}`);
  return Buffer.from(text.slice(0, at) + hidden + rest, "latin1");
}

export function hostilePdfs(): HostilePdf[] {
  return [
    {
      name: "objstm-png-predictor",
      hides: "JavaScript in an object stream whose Flate data is PNG-predicted (/DecodeParms << /Predictor 12 /Columns 4 >>)",
      bytes: objectStreamDocument({
        catalog: "/Names << /JavaScript 6 0 R >>",
        members: { 6: "<< /Names [(a) 7 0 R] >>", 7: jsAction("predictor") },
        dict: "/Type /ObjStm /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 4 >>",
        encode: (raw) => deflateSync(pngUpPredicted(raw, 4)),
      }),
      poppler: { js: "app.alert('predictor')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript"] },
    },
    {
      name: "indirect-filter",
      hides: "JavaScript in an object stream whose /Filter is an indirect reference (/Filter 9 0 R, object 9 being [/FlateDecode])",
      bytes: objectStreamDocument({
        catalog: "/Names << /JavaScript 6 0 R >>",
        members: { 6: "<< /Names [(a) 7 0 R] >>", 7: jsAction("indirect filter") },
        dict: "/Type /ObjStm /Filter 9 0 R",
        encode: (raw) => deflateSync(raw),
        objects: { 9: "[/FlateDecode]" },
      }),
      poppler: { js: "app.alert('indirect filter')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript"] },
    },
    {
      name: "objstm-without-type",
      hides: "JavaScript in an object stream that lacks /Type /ObjStm (found through the xref stream alone)",
      bytes: objectStreamDocument({
        catalog: "/Names << /JavaScript 6 0 R >>",
        members: { 6: "<< /Names [(a) 7 0 R] >>", 7: jsAction("untyped object stream") },
        dict: "/Filter /FlateDecode",
        encode: (raw) => deflateSync(raw),
      }),
      poppler: { js: "app.alert('untyped object stream')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript"] },
    },
    {
      name: "names-tree-javascript",
      hides: "document-level JavaScript in the catalog's /Names /JavaScript name tree, with the action in an object stream",
      bytes: objectStreamDocument({
        catalog: "/Names << /JavaScript 6 0 R >>",
        members: { 6: "<< /Names [(init) 7 0 R] >>", 7: jsAction("names tree") },
        dict: "/Type /ObjStm /Filter /FlateDecode",
        encode: (raw) => deflateSync(raw),
      }),
      poppler: { js: "app.alert('names tree')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript"] },
    },
    {
      name: "names-tree-kids",
      hides: "JavaScript two levels down a name tree (/Kids, /Limits)",
      bytes: classicDocument({
        catalog: "/Names << /JavaScript 5 0 R >>",
        more: ["<< /Kids [6 0 R] >>", "<< /Limits [(a) (z)] /Names [(m) 7 0 R] >>", jsAction("name tree kids")],
      }),
      poppler: { js: "app.alert('name tree kids')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript"] },
    },
    {
      name: "page-additional-action",
      hides: "JavaScript run when the page opens (/AA << /O ... >> on the page)",
      bytes: classicDocument({ page: `/AA << /O ${jsAction("page open")} >>` }),
      poppler: { js: "app.alert('page open')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["AA", "JS", "JavaScript"] },
    },
    {
      name: "link-annotation-javascript",
      hides: "JavaScript behind a link annotation's action, the annotation and action indirect",
      bytes: classicDocument({ page: "/Annots [5 0 R]", more: ["<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A 6 0 R >>", jsAction("link")] }),
      poppler: { js: "app.alert('link')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript"] },
    },
    {
      name: "widget-field-actions",
      hides: "JavaScript in a form field's additional actions (/AA /K keystroke, /F format)",
      bytes: classicDocument({
        catalog: "/AcroForm << /Fields [5 0 R] >>",
        page: "/Annots [5 0 R]",
        more: [`<< /Type /Annot /Subtype /Widget /FT /Tx /T (amount) /Rect [0 0 100 20] /P 3 0 R /AA << /K ${jsAction("keystroke")} /F ${jsAction("format")} >> >>`],
      }),
      poppler: { js: "app.alert('keystroke')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["AA", "JS", "JavaScript"] },
    },
    {
      name: "escaped-names",
      hides: "page-open JavaScript whose names are all written with #-escapes (/A#41, /Java#53cript, /J#53)",
      bytes: classicDocument({ page: `/A#41 << /O << /S /Java#53cript /J#53 (${script("escaped")}) >> >>` }),
      poppler: { js: "app.alert('escaped')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["AA", "JS", "JavaScript"] },
    },
    {
      name: "hex-string-script",
      hides: "a script written as a hex string, behind a link",
      bytes: classicDocument({
        page: "/Annots [5 0 R]",
        more: ["<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A 6 0 R >>", `<< /S /JavaScript /JS <${Buffer.from("app.alert('hex')").toString("hex")}> >>`],
      }),
      poppler: { js: "app.alert('hex')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript"] },
    },
    {
      name: "script-in-stream",
      hides: "document-level JavaScript kept in a Flate stream (/JS 7 0 R)",
      bytes: classicDocument({
        catalog: "/Names << /JavaScript 5 0 R >>",
        more: ["<< /Names [(a) 6 0 R] >>", "<< /S /JavaScript /JS 7 0 R >>", { dict: "/Filter /FlateDecode", data: deflateSync(Buffer.from("app.alert('stream')")) }],
      }),
      poppler: { js: "app.alert('stream')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript"] },
    },
    {
      name: "script-stream-indirect-filter",
      hides: "document-level JavaScript in a stream whose /Filter is an indirect reference to a name",
      bytes: classicDocument({
        catalog: "/Names << /JavaScript 5 0 R >>",
        more: ["<< /Names [(a) 6 0 R] >>", "<< /S /JavaScript /JS 7 0 R >>", { dict: "/Filter 8 0 R", data: deflateSync(Buffer.from("app.alert('indirect name')")) }, "/FlateDecode"],
      }),
      poppler: { js: "app.alert('indirect name')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript"] },
    },
    {
      name: "incremental-update",
      hides: "an ordinary document to which an incremental update gives its page a page-open script",
      bytes: incrementalUpdate(
        classicDocument({}),
        { 3: `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /AA << /O ${jsAction("update")} >> >>` },
        "/Root 1 0 R",
      ),
      poppler: { js: "app.alert('update')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["AA", "JS", "JavaScript"] },
    },
    {
      name: "open-action-javascript",
      hides: "JavaScript run on opening (/OpenAction), the action indirect",
      bytes: classicDocument({ catalog: "/OpenAction 5 0 R", more: [jsAction("open")] }),
      poppler: null,
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript", "OpenAction"] },
    },
    {
      name: "open-action-next",
      hides: "JavaScript chained (/Next) after a harmless go-to in the open action",
      bytes: classicDocument({ catalog: "/OpenAction 5 0 R", more: ["<< /S /GoTo /D [3 0 R /Fit] /Next 6 0 R >>", jsAction("next")] }),
      poppler: null,
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript", "OpenAction"] },
    },
    {
      name: "chained-filters",
      hides: "an object stream encoded twice (/Filter [/ASCIIHexDecode /FlateDecode]) holding document-level JavaScript",
      bytes: objectStreamDocument({
        catalog: "/Names << /JavaScript 6 0 R >>",
        members: { 6: "<< /Names [(a) 7 0 R] >>", 7: jsAction("two filters") },
        dict: "/Type /ObjStm /Filter [/ASCIIHexDecode /FlateDecode]",
        encode: (raw) => Buffer.from(`${deflateSync(raw).toString("hex")}>`, "latin1"),
      }),
      poppler: { js: "app.alert('two filters')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript"] },
    },
    {
      name: "objects-outside-the-table",
      hides: "document-level JavaScript in objects the cross-reference table does not list, reached by a reference that leads nowhere (a viewer then rebuilds the table and finds them)",
      bytes: objectsOutsideTheTable(),
      poppler: { js: "app.alert('outside the table')" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["JS", "JavaScript"] },
    },
    {
      name: "object-stream-outside-the-table",
      hides: "JavaScript packed in an object stream whose objects no entry of the table lists",
      bytes: classicDocument({
        catalog: "/Names << /JavaScript 9 0 R >>",
        more: [objectStreamBody({ 9: "<< /Names [(a) 10 0 R] >>", 10: jsAction("unlisted object stream") }, "/Type /ObjStm /Filter /FlateDecode", (raw) => deflateSync(raw))],
      }),
      poppler: null,
      refusal: { code: "UNSUPPORTED_MEDIA_TYPE", reason: "pdf_damaged" },
    },
    {
      name: "launch-action",
      hides: "a link that launches a program (/S /Launch)",
      bytes: classicDocument({ page: "/Annots [5 0 R]", more: ["<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >> >>"] }),
      poppler: null,
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["Launch"] },
    },
    {
      name: "open-action-goto-remote",
      hides: "an open action that is not a destination: it opens another file (/S /GoToR)",
      bytes: classicDocument({ catalog: "/OpenAction << /S /GoToR /F (other.pdf) /D [0 /Fit] >>" }),
      poppler: null,
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["GoToR", "OpenAction"] },
    },
    {
      name: "embedded-files-tree",
      hides: "an attached file in /Names /EmbeddedFiles, its stream in an object stream's neighbour",
      bytes: objectStreamDocument({
        catalog: "/Names << /EmbeddedFiles 6 0 R >>",
        members: { 6: "<< /Names [(payload.exe) 7 0 R] >>", 7: "<< /Type /Filespec /F (payload.exe) /UF (payload.exe) /EF << /F 8 0 R >> >>" },
        dict: "/Type /ObjStm /Filter /FlateDecode",
        encode: (raw) => deflateSync(raw),
        objects: { 8: { dict: "/Type /EmbeddedFile /Filter /FlateDecode", data: deflateSync(Buffer.from("MZ payload")) } },
      }),
      poppler: { embedded: "payload.exe" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["EF", "EmbeddedFile", "EmbeddedFiles"] },
    },
    {
      name: "file-attachment-annotation",
      hides: "a file carried by a page annotation (/Subtype /FileAttachment), the stream without /Type",
      bytes: classicDocument({
        page: "/Annots [5 0 R]",
        more: ["<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 20 20] /FS << /Type /Filespec /F (note.exe) /EF << /F 6 0 R >> >> >>", { dict: "", data: Buffer.from("MZ payload") }],
      }),
      poppler: { embedded: "note.exe" },
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["EF", "FileAttachment"] },
    },
    {
      name: "xfa-form",
      hides: "an XFA form (/AcroForm /XFA) — a second, scriptable description of the document",
      bytes: classicDocument({
        catalog: "/AcroForm << /Fields [] /XFA 5 0 R >>",
        more: [{ dict: "", data: Buffer.from('<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><script contentType="application/x-javascript">app.alert(1)</script></template></xdp:xdp>') }],
      }),
      poppler: null,
      refusal: { code: "DOCUMENT_ACTIVE_CONTENT", found: ["XFA"] },
    },
  ];
}

/** Writes the corpus to `dir`, one file per entry. */
export async function writeHostilePdfs(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  const corpus = hostilePdfs();
  for (const pdf of corpus) await writeFile(path.join(dir, `${pdf.name}.pdf`), pdf.bytes);
  return corpus.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? "hostile-pdfs";
  void writeHostilePdfs(dir).then((count) => console.log(`wrote ${count} PDFs to ${dir}`));
}
