/** What the documents adapter offers the rest of the system: the document services built from configuration (byte store, qpdf and the PAdES signer). */
export { diskDocumentServices, documentServicesFor, type PdfInspectionOptions } from "./services.ts";
export { documentSignerFor, type DocumentSigningConfig } from "./pades.ts";
