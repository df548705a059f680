/**
 * Hostile uploads made byte by byte for the attack tests: PDFs written by hand (with
 * scripts, actions, object streams, encryption, Flate bombs), PNG and JPEG headers that
 * declare huge images, and files of other types wearing an accepted name.
 */
import { createDeflate, crc32, deflateSync } from "node:zlib";

/** A PDF from object bodies (strings, or buffers for binary streams), numbered from 1, with a real xref table. */
export function handmadePdf(objects: (string | Buffer)[], trailerExtra = ""): Buffer {
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, index) => {
    offsets.push(length);
    const object = Buffer.concat([Buffer.from(`${index + 1} 0 obj\n`), Buffer.isBuffer(body) ? body : Buffer.from(body, "latin1"), Buffer.from("\nendobj\n")]);
    parts.push(object);
    length += object.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`)].join("");
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${length}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** A stream object: dictionary entries and data (its /Length is written). */
export function streamObject(dictionary: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dictionary} /Length ${data.length} >>\nstream\n`), data, Buffer.from("\nendstream")]);
}

const page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>";
const pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
const contents = () => streamObject("/Filter /FlateDecode", deflateSync(Buffer.from("BT /F1 12 Tf 20 100 Td (copy) Tj ET")));

/** A one-page PDF whose catalog carries `catalogExtra`; more objects may follow as 5, 6, ... */
export function pdfWithCatalog(catalogExtra: string, more: (string | Buffer)[] = [], trailerExtra = ""): Buffer {
  return handmadePdf([`<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>`, pages, page, contents(), ...more], trailerExtra);
}

/** zlib data that inflates to `size` zero bytes, made without holding them in memory. */
export async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  const block = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= block.length) {
    const piece = left >= block.length ? block : block.subarray(0, left);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG that declares `width` × `height` (8-bit grey) with a token of image data: a
 * kilobyte of compressed zeros, or `imageData` as the IDAT chunk's content.
 */
export function pngDeclaring(width: number, height: number, imageData: Buffer = deflateSync(Buffer.alloc(1024))): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", imageData),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A JPEG with its start-of-frame dimensions rewritten (the rest of the file unchanged). */
export function jpegDeclaring(jpeg: Buffer, width: number, height: number): Buffer {
  const copy = Buffer.from(jpeg);
  for (let at = 2; at < copy.length - 9; ) {
    const marker = copy[at + 1]!;
    const length = copy.readUInt16BE(at + 2);
    if (marker === 0xc0 || marker === 0xc2) {
      copy.writeUInt16BE(height, at + 5);
      copy.writeUInt16BE(width, at + 7);
      return copy;
    }
    at += 2 + length;
  }
  throw new Error("no start-of-frame segment");
}
