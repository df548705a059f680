/**
 * The port through which the department's PDFs are signed and their signatures checked
 * (PAdES: a CMS detached signature, CAdES, over the PDF's byte range). The adapter is
 * src/documents/pades.ts: the department's key and certificate from configuration, or a
 * self-signed development certificate made once in the data directory.
 */

/** The certificate a PDF is signed with, as a reader shows it. */
export interface SignerCertificate {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** SHA-256 of the certificate (DER), hex with colons as PDF readers show it. */
  fingerprintSha256: string;
  validFrom: Date;
  validTo: Date;
}

export type PdfSignatureStatus = "valid" | "invalid" | "unsigned";

/** What checking a PDF's digital signature found. */
export interface PdfSignatureCheck {
  /** valid: the signature verifies, over the whole document, by the certificate named; invalid: see `problem`. */
  status: PdfSignatureStatus;
  /** Why it is invalid: digest_mismatch (the bytes were changed), bad_signature, not_whole_document (bytes added after signing), unreadable. */
  problem: "digest_mismatch" | "bad_signature" | "not_whole_document" | "unreadable" | null;
  /** The PDF's /SubFilter: ETSI.CAdES.detached for the department's PAdES signatures. */
  subFilter: string | null;
  /** Whether the signed byte range covers the whole file. */
  coversWholeDocument: boolean;
  /** The signing time the PDF states (its /M entry). */
  signedAt: Date | null;
  signer: SignerCertificate | null;
  /** The signer is the department's signing certificate, or one issued by a CA in its configured chain. */
  departmentKey: boolean;
}

export interface DocumentSigner {
  /** The certificate signatures are made with (shown on the PDFs, and compared by verification). */
  certificate(): Promise<SignerCertificate>;
  /** Bytes to reserve in the PDF for the signature. */
  signatureRoom(): Promise<number>;
  /** A CMS SignedData, detached, with the CAdES signing-certificate-v2 attribute, over `content`. */
  signDetached(content: Buffer): Promise<Buffer>;
  /** Checks the (last) signature in a PDF. */
  checkPdf(bytes: Buffer): Promise<PdfSignatureCheck>;
}
