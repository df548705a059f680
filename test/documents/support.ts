/**
 * The HTTP app with documents stored in a fresh temporary directory, signed-in clients,
 * multipart bodies, sample files of each type, and reading the QR code out of a PDF.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import jsQRModule from "jsqr";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import jpeg from "jpeg-js";
import { type DocumentServices } from "../../src/app/documents/services.ts";
import { diskDocumentServices, documentServicesFor } from "../../src/documents/services.ts";
import { buildHttpApp } from "../../src/http/app.ts";
import { CSRF_HEADER, SESSION_COOKIE } from "../../src/http/session-auth.ts";
import { schemaIsCurrent } from "../../src/storage/readiness.ts";
import { createSession } from "../../src/storage/identity/repository.ts";
import { createTestDatabase, type TestDatabase } from "../support/database.ts";
import { buildWorld, type World } from "../support/fixtures.ts";
import { startS3StandIn, type S3StandIn } from "../support/s3-standin.ts";

export interface Client {
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface DocumentsHarness {
  app: FastifyInstance;
  database: TestDatabase;
  world: World;
  storeDir: string;
  /** Which document store the app runs on; with "s3", the stand-in S3 server it talks to. */
  store: DocumentStoreKind;
  s3: S3StandIn | null;
  services: DocumentServices;
  maxUploadBytes: number;
  clientFor(civilId: string): Promise<Client>;
  anonymous: Client;
  storedFiles(): Promise<string[]>;
  close(): Promise<void>;
}

export const publicUrl = "https://tanfeeth.example.test";

/** The document tests run against each store. */
export const documentStores = ["disk", "s3"] as const;
export type DocumentStoreKind = (typeof documentStores)[number];

export async function startDocumentsHarness(maxUploadBytes = 64 * 1024, store: DocumentStoreKind = "disk"): Promise<DocumentsHarness> {
  const database = await createTestDatabase();
  const world = await buildWorld(database.db);
  const root = await mkdtemp(path.join(tmpdir(), "tanfeeth-documents-"));
  const storeDir = path.join(root, "store");
  const s3 = store === "s3" ? await startS3StandIn() : null;
  // The inspection's time limit (30 s in production) guards the service against slow PDFs; these
  // tests judge what a PDF holds and how far it inflates, so on a busy machine they wait for qpdf
  // (test/documents/qpdf-reader.test.ts shows the limit itself refusing).
  const pdfInspection = { timeoutMs: 15 * 60_000 };
  // With S3 the keys carry the prefix "store/", so both stores list as store/ab/cd/<sha256>.
  const services = s3
    ? documentServicesFor({
        store: { kind: "s3", endpoint: s3.url, bucket: s3.bucket, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true, prefix: "store/" },
        maxUploadBytes,
        publicUrl,
        pdfInspection,
      })
    : diskDocumentServices({ storageDir: storeDir, maxUploadBytes, publicUrl, pdfInspection });
  const app = await buildHttpApp({
    deps: world.deps,
    logger: false,
    secureCookies: false,
    readiness: () => schemaIsCurrent(database.db),
    identity: { clientId: "tanfeeth-portal", clientSecret: "test-portal-secret", standIn: true },
    documents: services,
  });
  await app.ready();
  const makeClient = (cookie: string | null, csrf: string | null): Client => ({
    request: (options) =>
      app.inject({
        ...options,
        headers: {
          ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
          ...(csrf ? { [CSRF_HEADER]: csrf } : {}),
          ...options.headers,
        },
      }),
  });
  const walk = async (dir: string): Promise<string[]> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return [];
    }
    const files: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) files.push(...(await walk(full)));
      else files.push(path.relative(root, full));
    }
    return files.sort();
  };
  return {
    app,
    database,
    world,
    storeDir,
    store,
    s3,
    services,
    maxUploadBytes,
    anonymous: makeClient(null, null),
    clientFor: async (civilId) => {
      const session = await createSession(database.db, civilId, world.clock.now());
      return makeClient(session.token, session.csrfToken);
    },
    // Everything under the temporary root (not only the store): a stray write shows up here;
    // with S3, the bucket's objects too.
    storedFiles: async () => [...(await walk(root)), ...(s3 ? [...s3.objects.keys()] : [])].sort(),
    close: async () => {
      await app.close();
      await s3?.close();
      await database.drop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A multipart/form-data body with one file, as a browser sends it. */
export function multipart(filename: string, bytes: Buffer, contentType = "application/octet-stream", field = "file"): Pick<InjectOptions, "payload" | "headers"> {
  const boundary = `----tanfeeth${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, bytes, tail]), headers: { "content-type": `multipart/form-data; boundary=${boundary}` } };
}

export async function samplePdf(text = "sample"): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A6" });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.text(text);
  doc.end();
  return done;
}

export async function samplePng(text = "sample"): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: "png", width: 64 });
}

/** A real baseline JPEG (a small grey gradient), encoded by jpeg-js. */
export function sampleJpeg(width = 16, height = 16): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.fill((i * 7) & 0xff, i * 4, i * 4 + 3).writeUInt8(255, i * 4 + 3);
  return Buffer.from(jpeg.encode({ data, width, height }, 80).data);
}

/**
 * Reads the QR code printed in a PDF made by pdfkit: finds the RGB image XObject,
 * inflates its pixels and decodes them with jsQR. Returns the text of the first code found.
 */
// jsqr is CommonJS with `exports.default`: under ESM the default import is the module object.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

export function qrTextOfPdf(pdf: Buffer): string | null {
  const text = pdf.toString("latin1");
  const objectPattern = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let match = objectPattern.exec(text); match; match = objectPattern.exec(text)) {
    const dict = match[1]!;
    if (!dict.includes("/Subtype /Image") || !dict.includes("/DeviceRGB")) continue;
    const width = Number(/\/Width (\d+)/.exec(dict)?.[1]);
    const height = Number(/\/Height (\d+)/.exec(dict)?.[1]);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const start = match.index + match[0].length;
    let pixels: Buffer = inflateSync(pdf.subarray(start, start + length));
    const predictor = /\/Predictor (\d+)/.exec(dict);
    if (predictor) pixels = unfilterPng(pixels, width, 3);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      rgba[i * 4] = pixels[i * 3]!;
      rgba[i * 4 + 1] = pixels[i * 3 + 1]!;
      rgba[i * 4 + 2] = pixels[i * 3 + 2]!;
      rgba[i * 4 + 3] = 255;
    }
    const code = jsQR(rgba, width, height);
    if (code) return code.data;
  }
  return null;
}

function unfilterPng(data: Buffer, width: number, bytesPerPixel: number): Buffer {
  const stride = width * bytesPerPixel;
  const rows = data.length / (stride + 1);
  const out = Buffer.alloc(rows * stride);
  for (let y = 0; y < rows; y++) {
    const filter = data[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const raw = data[y * (stride + 1) + 1 + x]!;
      const left = x >= bytesPerPixel ? out[y * stride + x - bytesPerPixel]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const upLeft = y > 0 && x >= bytesPerPixel ? out[(y - 1) * stride + x - bytesPerPixel]! : 0;
      let value = raw;
      if (filter === 1) value = raw + left;
      else if (filter === 2) value = raw + up;
      else if (filter === 3) value = raw + ((left + up) >> 1);
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left), pb = Math.abs(p - up), pc = Math.abs(p - upLeft);
        value = raw + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
      }
      out[y * stride + x] = value & 0xff;
    }
  }
  return out;
}
