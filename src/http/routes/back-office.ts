/** The back office's routes beyond the review queues: titles submitted online, document verification, service of the title, notices. */
import type { AppDeps } from "../../app/deps.ts";
import type { DocumentServices } from "../../app/documents/services.ts";
import type { Router } from "../route-kit.ts";
import { documentVerificationRoute } from "./document-verification.ts";
import { noticeRoutes } from "./notices.ts";
import { titleServiceRoutes } from "./title-services.ts";
import { titleSubmissionRoutes } from "./title-submissions.ts";

export function backOfficeRoutes(router: Router, deps: AppDeps, documents: DocumentServices): void {
  titleSubmissionRoutes(router, deps, documents);
  documentVerificationRoute(router, deps);
  titleServiceRoutes(router, deps);
  noticeRoutes(router, deps);
}
