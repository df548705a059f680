/**
 * PAdES signatures on the department's PDFs (the port: src/app/documents/pdf-signer.ts).
 *
 * Signing: a CMS SignedData, detached, over the PDF's byte range (everything but the
 * signature's own /Contents), with the signed attributes PAdES B-B asks for —
 * content-type, message-digest and ESS signing-certificate-v2 (no signing-time: the PDF's
 * /M states it) — SubFilter ETSI.CAdES.detached. @signpdf/signpdf computes the byte range
 * and places the signature; the CMS is built here from the exact bytes of the
 * certificates (src/documents/der.ts), and signed by node:crypto (RSA or EC keys).
 *
 * The key: DOCUMENTS_SIGNING_KEY(_FILE) and DOCUMENTS_SIGNING_CERT(_FILE) (PEM; the
 * certificate file may go on with its chain), required in production (src/config.ts);
 * elsewhere a self-signed development certificate and its key, made once (exclusively,
 * mode 0600) in <data dir>/document-signing.pem — as the audit checkpoints' development key is.
 *
 * Checking: the last signature of a PDF — the digest of its byte range, the signature
 * over the signed attributes by the certificate it names, whether the range covers the
 * whole file, and whether that certificate is the department's (or issued by a CA of the
 * configured chain).
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, verify, X509Certificate, type KeyObject } from "node:crypto";
import { mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import forge from "node-forge";
import type { DocumentSigner, PdfSignatureCheck, SignerCertificate } from "../app/documents/pdf-signer.ts";
import { children, content, CONTEXT_0, integer, NULL, OCTET_STRING, oid, raw, readTlv, SEQUENCE, SET, tlv, type Tlv } from "./der.ts";

/** How the department's signing key is configured (src/config.ts reads it). */
export interface DocumentSigningConfig {
  /** PEM text of the private key (PKCS#8 or PKCS#1; encrypted with `keyPassphrase`). */
  keyPem?: string | undefined;
  keyFile?: string | undefined;
  keyPassphrase?: string | undefined;
  /** PEM text of the signing certificate, then its chain. */
  certPem?: string | undefined;
  certFile?: string | undefined;
  /** Where the development key and certificate are kept when none is configured. */
  devFile: string;
}

const OIDS = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
  sha256WithRSA: "1.2.840.113549.1.1.11",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
};

const digestNames = new Map<string, string>([
  [oid(OIDS.sha256).toString("hex"), "sha256"],
  [oid(OIDS.sha384).toString("hex"), "sha384"],
  [oid(OIDS.sha512).toString("hex"), "sha512"],
]);

function pemBlocks(pem: string, label: string): string[] {
  return pem.match(new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`, "g")) ?? [];
}

export function certificateView(cert: X509Certificate): SignerCertificate {
  return {
    subject: cert.subject.replace(/\n/g, ", "),
    issuer: cert.issuer.replace(/\n/g, ", "),
    serialNumber: cert.serialNumber,
    fingerprintSha256: cert.fingerprint256,
    validFrom: new Date(cert.validFrom),
    validTo: new Date(cert.validTo),
  };
}

/** The issuer and serial number of a certificate, as its DER has them. */
function issuerAndSerial(der: Buffer): { issuer: Buffer; serial: Buffer } {
  const tbs = children(der, readTlv(der, 0))[0]!;
  const fields = children(der, tbs);
  const first = fields[0]!.tag === CONTEXT_0 ? 1 : 0;
  return { serial: raw(der, fields[first]!), issuer: raw(der, fields[first + 2]!) };
}

/** A key and its certificate chain, ready to sign. */
export class PadesKey {
  readonly key: KeyObject;
  readonly chain: X509Certificate[];

  constructor(options: { keyPem: string; certPem: string; passphrase?: string | undefined }) {
    this.key = createPrivateKey(options.passphrase ? { key: options.keyPem, passphrase: options.passphrase } : options.keyPem);
    this.chain = pemBlocks(options.certPem, "CERTIFICATE").map((block) => new X509Certificate(block));
    const leaf = this.chain[0];
    if (!leaf) throw new Error("document signing: no certificate in the PEM given");
    if (!leaf.checkPrivateKey(this.key)) throw new Error("document signing: the private key is not the certificate's");
    const type = this.key.asymmetricKeyType;
    if (type !== "rsa" && type !== "ec") throw new Error(`document signing: an RSA or EC key is needed, got ${type}`);
  }

  /** The CMS SignedData (CAdES, detached) over `data`. */
  signDetached(data: Buffer): Buffer {
    const leaf = this.chain[0]!;
    const sha256 = tlv(SEQUENCE, oid(OIDS.sha256), tlv(NULL));
    const certHash = createHash("sha256").update(leaf.raw).digest();
    const attributes = [
      tlv(SEQUENCE, oid(OIDS.contentType), tlv(SET, oid(OIDS.data))),
      tlv(SEQUENCE, oid(OIDS.messageDigest), tlv(SET, tlv(OCTET_STRING, createHash("sha256").update(data).digest()))),
      // SigningCertificateV2 { certs SEQUENCE OF ESSCertIDv2 { certHash (sha256, the default algorithm) } }
      tlv(SEQUENCE, oid(OIDS.signingCertificateV2), tlv(SET, tlv(SEQUENCE, tlv(SEQUENCE, tlv(SEQUENCE, tlv(OCTET_STRING, certHash)))))),
    ].sort(Buffer.compare); // DER: a SET OF in the order of its encodings
    const signedAttributes = Buffer.concat(attributes);
    const signature = sign("sha256", tlv(SET, signedAttributes), this.key);
    const { issuer, serial } = issuerAndSerial(leaf.raw);
    const signatureAlgorithm = this.key.asymmetricKeyType === "rsa" ? tlv(SEQUENCE, oid(OIDS.sha256WithRSA), tlv(NULL)) : tlv(SEQUENCE, oid(OIDS.ecdsaWithSha256));
    const signerInfo = tlv(
      SEQUENCE,
      integer(1),
      tlv(SEQUENCE, issuer, serial),
      sha256,
      tlv(CONTEXT_0, signedAttributes),
      signatureAlgorithm,
      tlv(OCTET_STRING, signature),
    );
    const signedData = tlv(
      SEQUENCE,
      integer(1),
      tlv(SET, sha256),
      tlv(SEQUENCE, oid(OIDS.data)),
      tlv(CONTEXT_0, ...this.chain.map((cert) => cert.raw)),
      tlv(SET, signerInfo),
    );
    return tlv(SEQUENCE, oid(OIDS.signedData), tlv(CONTEXT_0, signedData));
  }

  /** Whether `cert` is this key's certificate, or issued by a CA certificate of its chain. */
  isDepartments(cert: X509Certificate): boolean {
    if (this.chain.some((known) => known.fingerprint256 === cert.fingerprint256)) return true;
    return this.chain.slice(1).some((ca) => ca.ca && cert.checkIssued(ca) && cert.verify(ca.publicKey));
  }
}

/** A self-signed certificate for development: RSA 3072, ten years, named as not for production. */
export function developmentKeyPem(now: Date): string {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 3072 });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString());
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 86_400_000);
  const name = [
    { name: "commonName", value: "Enforcement Department document signing (DEVELOPMENT - not for production)" },
    { name: "organizationalUnitName", value: "Enforcement Department" },
    { name: "organizationName", value: "Ministry of Justice (development)" },
    { name: "countryName", value: "KW" },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return `${keyPem.trim()}\n${forge.pki.certificateToPem(cert).trim()}\n`;
}

/** The development key file: read, or made once (two processes starting together: one writes, the other reads). */
async function loadOrCreateDevFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const pem = developmentKeyPem(new Date());
  try {
    const handle = await open(file, "wx", 0o600);
    try {
      await handle.writeFile(pem);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return readFile(file, "utf8");
  }
}

export async function loadPadesKey(config: DocumentSigningConfig): Promise<PadesKey> {
  const keyPem = config.keyPem ?? (config.keyFile ? await readFile(config.keyFile, "utf8") : undefined);
  const certPem = config.certPem ?? (config.certFile ? await readFile(config.certFile, "utf8") : undefined);
  if (keyPem !== undefined || certPem !== undefined) {
    if (keyPem === undefined || certPem === undefined) throw new Error("document signing: set both DOCUMENTS_SIGNING_KEY(_FILE) and DOCUMENTS_SIGNING_CERT(_FILE)");
    return new PadesKey({ keyPem, certPem, passphrase: config.keyPassphrase });
  }
  const pem = await loadOrCreateDevFile(config.devFile);
  const key = pemBlocks(pem, "PRIVATE KEY")[0];
  if (!key) throw new Error(`document signing: no private key in ${config.devFile}`);
  return new PadesKey({ keyPem: key, certPem: pem });
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/;

/** A PDF date (D:YYYYMMDDHHmmSS and a zone) as a Date. */
function pdfDate(text: string): Date | null {
  const match = /D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|([+-])(\d{2})'?(\d{2})'?)?/.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, zone, sign_, zoneHours, zoneMinutes] = match;
  const utc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const offset = zone && zone !== "Z" ? (sign_ === "-" ? -1 : 1) * (Number(zoneHours) * 60 + Number(zoneMinutes)) : 0;
  return new Date(utc - offset * 60_000);
}

const unsigned: PdfSignatureCheck = { status: "unsigned", problem: null, subFilter: null, coversWholeDocument: false, signedAt: null, signer: null, departmentKey: false };

/** Checks the last signature in a PDF; `isDepartments` says whether its certificate is the department's. */
export function checkPdfSignature(bytes: Buffer, isDepartments: (cert: X509Certificate) => boolean): PdfSignatureCheck {
  const text = bytes.toString("latin1");
  const at = text.lastIndexOf("/ByteRange");
  if (at < 0) return unsigned;
  const dictStart = text.lastIndexOf("<<", at);
  const subFilter = /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(text.slice(dictStart, at))?.[1] ?? null;
  const invalid = (problem: PdfSignatureCheck["problem"], extra: Partial<PdfSignatureCheck> = {}): PdfSignatureCheck => ({ ...unsigned, status: "invalid", problem, subFilter, ...extra });
  const range = BYTE_RANGE.exec(text.slice(at, at + 200));
  if (!range) return invalid("unreadable");
  const [a, b, c, d] = range.slice(1).map(Number) as [number, number, number, number];
  if (a !== 0 || b < 2 || c < a + b + 2 || c + d > bytes.length || bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e) return invalid("unreadable");
  const coversWholeDocument = c + d === bytes.length;
  const signedAt = pdfDate(/\/M\s*\(([^)]*)\)/.exec(text.slice(c, c + 4000))?.[1] ?? "");
  try {
    const cms = Buffer.from(text.slice(b + 1, c - 1), "hex");
    const contentInfo = readTlv(cms, 0);
    const signedData = children(cms, children(cms, contentInfo)[1]!)[0]!;
    const fields = children(cms, signedData);
    const certificates = fields.find((field) => field.tag === CONTEXT_0);
    const signerInfos = fields.at(-1)!;
    const signerInfo = children(cms, children(cms, signerInfos)[0]!);
    const [, sid, digestAlgorithm] = signerInfo as [Tlv, Tlv, Tlv];
    const attributes = signerInfo.find((field) => field.tag === CONTEXT_0);
    const signature = signerInfo.at(-1)!;
    const certs = certificates ? children(cms, certificates).map((cert) => raw(cms, cert)) : [];
    const sidBytes = raw(cms, sid);
    const signerDer = certs.find((der) => {
      const { issuer, serial } = issuerAndSerial(der);
      return tlv(SEQUENCE, issuer, serial).equals(sidBytes);
    });
    if (!signerDer || !attributes || signature.tag !== OCTET_STRING) return invalid("unreadable", { coversWholeDocument, signedAt });
    const cert = new X509Certificate(signerDer);
    const signer = certificateView(cert);
    const known = { coversWholeDocument, signedAt, signer, departmentKey: isDepartments(cert) };
    const hash = digestNames.get(raw(cms, children(cms, digestAlgorithm)[0]!).toString("hex"));
    if (!hash) return invalid("unreadable", known);
    const digest = createHash(hash).update(bytes.subarray(a, a + b)).update(bytes.subarray(c, c + d)).digest();
    const messageDigest = children(cms, attributes)
      .map((attribute) => children(cms, attribute))
      .find(([type]) => raw(cms, type!).equals(oid(OIDS.messageDigest)));
    const stated = messageDigest ? content(cms, children(cms, messageDigest[1]!)[0]!) : null;
    if (!stated || !stated.equals(digest)) return invalid("digest_mismatch", known);
    const signedAttributes = Buffer.from(raw(cms, attributes));
    signedAttributes[0] = SET; // signed as a SET OF, carried as [0] IMPLICIT
    if (!verify(hash, signedAttributes, cert.publicKey, content(cms, signature))) return invalid("bad_signature", known);
    if (!coversWholeDocument) return invalid("not_whole_document", known);
    return { status: "valid", problem: null, subFilter, ...known };
  } catch {
    return invalid("unreadable", { coversWholeDocument, signedAt });
  }
}

/** The signer from configuration; the key is read (or the development one made) on first use. */
export function documentSignerFor(config: DocumentSigningConfig): DocumentSigner {
  let loaded: Promise<PadesKey> | null = null;
  const key = () => (loaded ??= loadPadesKey(config));
  return {
    certificate: async () => certificateView((await key()).chain[0]!),
    signatureRoom: async () => (await key()).chain.reduce((sum, cert) => sum + cert.raw.length, 0) + 4096,
    signDetached: async (data) => (await key()).signDetached(data),
    checkPdf: async (bytes) => {
      const own = await key();
      return checkPdfSignature(bytes, (cert) => own.isDepartments(cert));
    },
  };
}
