/** What the documents adapter offers the rest of the system: the document services built from configuration (byte store and qpdf). */
export { diskDocumentServices, documentServicesFor, type PdfInspectionOptions } from "./services.ts";
