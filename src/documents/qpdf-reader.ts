/**
 * Reads uploaded PDFs with qpdf (https://qpdf.sourceforge.io, the Debian package `qpdf`),
 * a maintained PDF parser, instead of parsing the format by hand. Four runs per upload,
 * each on a private temporary copy, without a shell, under one deadline and a memory limit:
 *
 * 1. `qpdf --json=2 --json-key=qpdf FILE`: every object of the file as qpdf resolved it —
 *    object streams unpacked (whatever their filters, predictors or /Type), indirect
 *    filters and lengths followed, names decoded, incremental updates applied — as JSON.
 *    qpdf repairs what it can (a damaged table is rebuilt; exit status 3, warnings);
 *    an encrypted file shows as one.
 * 2. `qpdf --show-xref FILE`: which entries of the table point into which object stream,
 *    so an object stream the table never points into is noticed.
 * 3. run 1 again on a copy whose `startxref` is spoiled, so qpdf rebuilds the table by
 *    scanning the file for every object — as Poppler does when a reference leads to an
 *    object the table does not list; an object hidden that way is then judged too.
 * 4. `qpdf --stream-data=uncompress --decode-level=generalized --object-streams=disable
 *    --preserve-unreferenced FILE -`: the file rewritten, every object of the table kept
 *    (referenced or not), with every general-purpose filter undone (Flate, LZW,
 *    RunLength, ASCII85, ASCIIHex, chained or not), streamed to us and counted; qpdf is
 *    stopped as soon as the count passes the budget, so a bomb is never decoded further.
 *    Image codecs (DCT, JPX, CCITT, JBIG2) are left alone: a viewer decodes them to at most
 *    their declared size.
 *
 * qpdf runs under `prlimit --as` (util-linux), so an object stream that inflates to
 * gigabytes fails inside qpdf (std::bad_alloc, which qpdf reports) instead of taking the
 * machine's memory, and at most `maxConcurrent` readings run at once per process.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PdfObject, PdfReading, PdfStructure, PdfValue } from "../domain/documents/pdf-content.ts";
import type { PdfReader } from "../app/documents/pdf-reader.ts";

export interface QpdfReaderOptions {
  /** DOCUMENTS_QPDF: the qpdf program (default `qpdf`, found on PATH). */
  qpdf: string;
  /** DOCUMENTS_PRLIMIT: the prlimit program that caps qpdf's memory (default `prlimit`). */
  prlimit: string;
  /** DOCUMENTS_PDF_MEMORY_BYTES: qpdf's address-space limit (default 1 GiB). */
  memoryBytes: number;
  /** DOCUMENTS_PDF_TIMEOUT_MS: how long both runs together may take (default 30 s). */
  timeoutMs: number;
  /** The largest JSON description accepted (default 64 MiB: a 10 MiB upload's stays far below). */
  maxStructureBytes: number;
  /** DOCUMENTS_PDF_CONCURRENCY: readings at once in this process; the rest wait their turn (default 2). */
  maxConcurrent: number;
}

export const defaultQpdfReaderOptions: QpdfReaderOptions = {
  qpdf: "qpdf",
  prlimit: "prlimit",
  memoryBytes: 1024 * 1024 * 1024,
  timeoutMs: 30_000,
  maxStructureBytes: 64 * 1024 * 1024,
  maxConcurrent: 2,
};

interface RunResult {
  code: number | null;
  stdout: Buffer;
  /** The output passed its limit: qpdf was stopped there. */
  overLimit: boolean;
  /** Bytes written to stdout in all (up to the limit and a chunk). */
  stdoutBytes: number;
  stderr: string;
  timedOut: boolean;
}

/** The qpdf JSON v2 form of a value, as our PDF model. */
function fromQpdfJson(value: unknown): PdfValue {
  if (value === null || typeof value === "boolean" || typeof value === "number") return value;
  if (typeof value === "string") {
    const reference = /^(\d+) (\d+) R$/.exec(value);
    if (reference) return { ref: `${reference[1]} ${reference[2]}` };
    if (value.startsWith("/")) return { name: value.slice(1) };
    if (value.startsWith("n:/")) return { name: value.slice(3).replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) };
    if (value.startsWith("u:")) return { string: value.slice(2) };
    if (value.startsWith("b:")) return { string: Buffer.from(value.slice(2), "hex").toString("latin1") };
    // A real number qpdf keeps as written (e.g. "0.50"), or anything else: a string to us.
    return { string: value };
  }
  if (Array.isArray(value)) return value.map(fromQpdfJson);
  if (typeof value === "object") {
    const dict: Record<string, PdfValue> = {};
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) dict[key.startsWith("/") ? key.slice(1) : key] = fromQpdfJson(entry);
    return { dict };
  }
  return null;
}

/** The structure from qpdf's JSON (`--json=2 --json-key=qpdf`). */
export function structureFromQpdfJson(json: unknown): PdfStructure {
  const qpdf = (json as { qpdf?: unknown }).qpdf;
  if (!Array.isArray(qpdf) || typeof qpdf[1] !== "object" || qpdf[1] === null) throw new Error("qpdf JSON without its objects");
  const objects = new Map<string, PdfObject>();
  let trailer: PdfValue = { dict: {} };
  for (const [key, entry] of Object.entries(qpdf[1] as Record<string, { value?: unknown; stream?: { dict?: unknown } }>)) {
    if (key === "trailer") {
      trailer = fromQpdfJson(entry.value ?? {});
      continue;
    }
    const reference = /^obj:(\d+) (\d+) R$/.exec(key);
    if (!reference) continue;
    const stream = entry.stream !== undefined;
    objects.set(`${reference[1]} ${reference[2]}`, { stream, value: fromQpdfJson(stream ? (entry.stream!.dict ?? {}) : (entry.value ?? null)) });
  }
  return { objects, trailer: trailer !== null && typeof trailer === "object" && "dict" in trailer ? trailer : { dict: {} } };
}

export class QpdfReader implements PdfReader {
  private readonly options: QpdfReaderOptions;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(options: Partial<QpdfReaderOptions> = {}) {
    this.options = { ...defaultQpdfReaderOptions, ...options };
  }

  /** Whether qpdf runs here under its limits: the API checks at start, so a missing package stops it then, not on the first upload. */
  async check(): Promise<string> {
    const result = await this.run(["--version"], 64 * 1024, Date.now() + this.options.timeoutMs);
    const version = /qpdf version (\S+)/.exec(result.stdout.toString("utf8"));
    if (result.code !== 0 || !version) throw new Error(`${this.options.qpdf} --version failed under ${this.options.prlimit}: ${result.stderr.trim()} (install the qpdf and util-linux packages)`);
    return version[1]!;
  }

  async read(bytes: Uint8Array, limits: { maxDecodedBytes: number }): Promise<PdfReading> {
    await this.turn();
    const dir = await mkdtemp(path.join(tmpdir(), "tanfeeth-pdf-"));
    try {
      const file = path.join(dir, "upload.pdf");
      await writeFile(file, bytes, { flag: "wx", mode: 0o600 });
      const deadline = Date.now() + this.options.timeoutMs;
      const described = await this.run(["--json=2", "--json-key=qpdf", "--", file], this.options.maxStructureBytes, deadline);
      if (described.timedOut) return { outcome: "timed_out" };
      if (described.overLimit || /bad_alloc|out of memory/i.test(described.stderr)) return { outcome: "too_large" };
      if (described.code === 2 && /invalid password/i.test(described.stderr)) return { outcome: "encrypted" };
      if (described.code !== 0 && described.code !== 3) return { outcome: "unreadable" };
      let structure: PdfStructure;
      try {
        structure = structureFromQpdfJson(JSON.parse(described.stdout.toString("utf8")));
      } catch {
        return { outcome: "unreadable" };
      }
      if ("Encrypt" in structure.trailer.dict) return { outcome: "encrypted" };

      const xref = await this.run(["--show-xref", "--", file], this.options.maxStructureBytes, deadline);
      if (xref.timedOut) return { outcome: "timed_out" };
      if (xref.overLimit) return { outcome: "too_large" };
      if (xref.code !== 0 && xref.code !== 3) return { outcome: "unreadable" };
      const objectStreamEntries = new Map<string, number>();
      for (const match of xref.stdout.toString("latin1").matchAll(/^\d+\/\d+: compressed; stream = (\d+),/gm)) {
        const stream = `${match[1]} 0`;
        objectStreamEntries.set(stream, (objectStreamEntries.get(stream) ?? 0) + 1);
      }

      // The view of a viewer that rebuilds the table: the same bytes with "startxref"
      // spoiled, so qpdf cannot find the table and scans the file for every object.
      const spoiled = path.join(dir, "rebuilt.pdf");
      await writeFile(spoiled, Buffer.from(Buffer.from(bytes).toString("latin1").replaceAll("startxref", "startxreX"), "latin1"), { flag: "wx", mode: 0o600 });
      const rescanned = await this.run(["--json=2", "--json-key=qpdf", "--", spoiled], this.options.maxStructureBytes, deadline);
      if (rescanned.timedOut) return { outcome: "timed_out" };
      if (rescanned.overLimit || /bad_alloc|out of memory/i.test(rescanned.stderr)) return { outcome: "too_large" };
      let rebuilt: PdfStructure | null = null;
      if (rescanned.code === 0 || rescanned.code === 3) {
        try {
          rebuilt = structureFromQpdfJson(JSON.parse(rescanned.stdout.toString("utf8")));
        } catch {
          rebuilt = null;
        }
      }

      const decoded = await this.run(["--stream-data=uncompress", "--decode-level=generalized", "--object-streams=disable", "--preserve-unreferenced", "--", file, "-"], limits.maxDecodedBytes, deadline, false);
      if (decoded.timedOut) return { outcome: "timed_out" };
      if (decoded.overLimit) return { outcome: "read", structure, rebuilt, objectStreamEntries, decodedBytes: null };
      if (/bad_alloc|out of memory/i.test(decoded.stderr)) return { outcome: "too_large" };
      if (decoded.code !== 0 && decoded.code !== 3) return { outcome: "unreadable" };
      return { outcome: "read", structure, rebuilt, objectStreamEntries, decodedBytes: decoded.stdoutBytes };
    } finally {
      await rm(dir, { recursive: true, force: true });
      this.release();
    }
  }

  /** qpdf under prlimit, no shell; stdout kept (or only counted) up to `limit` bytes, then qpdf is stopped. */
  private run(args: string[], limit: number, deadline: number, keep = true): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.prlimit, [`--as=${this.options.memoryBytes}`, "--", this.options.qpdf, ...args], {
        stdio: ["ignore", "pipe", "pipe"],
        shell: false,
      });
      const chunks: Buffer[] = [];
      let stdoutBytes = 0;
      let overLimit = false;
      let timedOut = false;
      let stderr = "";
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, Math.max(0, deadline - Date.now()));
      child.stdout.on("data", (chunk: Buffer) => {
        if (overLimit) return;
        stdoutBytes += chunk.length;
        if (stdoutBytes > limit) {
          overLimit = true;
          child.kill("SIGKILL");
          return;
        }
        if (keep) chunks.push(chunk);
      });
      child.stderr.on("data", (chunk: Buffer) => {
        if (stderr.length < 64 * 1024) stderr += chunk.toString("utf8");
      });
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot run ${this.options.prlimit} ${this.options.qpdf} to inspect a PDF: ${error.message} (install the qpdf and util-linux packages)`));
      });
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout: Buffer.concat(chunks), overLimit, stdoutBytes, stderr, timedOut });
      });
    });
  }

  private async turn(): Promise<void> {
    if (this.running < this.options.maxConcurrent) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
