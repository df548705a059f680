/** The document services assembled from configuration: the byte store (disk or S3-compatible), qpdf as the PDF reader, and the PAdES signer. */
import { tmpdir } from "node:os";
import path from "node:path";
import { defaultMaxUploadBytes, type DocumentServices } from "../app/documents/services.ts";
import { DiskDocumentStorage } from "../storage/document-store.ts";
import type { DocumentStoreConfig } from "../storage/document-store-config.ts";
import { S3DocumentStorage } from "../storage/s3-document-store.ts";
import { documentSignerFor, type DocumentSigningConfig } from "./pades.ts";
import { QpdfReader, type QpdfReaderOptions } from "./qpdf-reader.ts";

/** How uploaded PDFs are read: qpdf's options (src/documents/qpdf-reader.ts). */
export type PdfInspectionOptions = Partial<QpdfReaderOptions>;

/** No signing configured (tests, embedding): the development key shared under the system temp dir; the CLI passes config.documents.signing. */
const defaultSigning = (): DocumentSigningConfig => ({ devFile: path.join(tmpdir(), "tanfeeth-document-signing.pem") });

/** The default services: bytes on disk under `storageDir`. */
export function diskDocumentServices(options: { storageDir?: string; maxUploadBytes?: number; publicUrl?: string | undefined; pdfInspection?: PdfInspectionOptions; signing?: DocumentSigningConfig }): DocumentServices {
  return {
    // No directory given (tests, embedding): a shared one under the system temp dir; the CLI passes config.documents.
    storage: new DiskDocumentStorage(options.storageDir ?? path.join(tmpdir(), "tanfeeth-documents")),
    maxUploadBytes: options.maxUploadBytes ?? defaultMaxUploadBytes,
    publicUrl: options.publicUrl,
    pdfReader: new QpdfReader(options.pdfInspection),
    signer: documentSignerFor(options.signing ?? defaultSigning()),
  };
}

// A stored object may predate a lowered upload limit; reads stay bounded all the same.
const maxStoredObjectBytes = 100 * 1024 * 1024;

/** The configured store: disk (default) or an S3-compatible object store (DOCUMENTS_STORE=s3). */
export function documentServicesFor(options: { store: DocumentStoreConfig; maxUploadBytes?: number; publicUrl?: string | undefined; pdfInspection?: PdfInspectionOptions; signing?: DocumentSigningConfig }): DocumentServices {
  const maxUploadBytes = options.maxUploadBytes ?? defaultMaxUploadBytes;
  const store = options.store;
  if (store.kind === "disk") return diskDocumentServices({ storageDir: store.storageDir, maxUploadBytes, publicUrl: options.publicUrl, pdfInspection: options.pdfInspection, ...(options.signing ? { signing: options.signing } : {}) });
  return {
    storage: new S3DocumentStorage({ ...store, maxObjectBytes: Math.max(maxUploadBytes, maxStoredObjectBytes) }),
    maxUploadBytes,
    publicUrl: options.publicUrl,
    pdfReader: new QpdfReader(options.pdfInspection),
    signer: documentSignerFor(options.signing ?? defaultSigning()),
  };
}
