import { z } from "zod";
import type { AppDeps } from "../../app/deps.ts";
import { decideDocumentVerification } from "../../app/documents/decide-verification.ts";
import { sessionOnly, useCaseContext, uuid, type Router } from "../route-kit.ts";
import { documentDto, documentResponse } from "./documents.ts";

export function documentVerificationRoute(router: Router, deps: AppDeps): void {
  router.post(
    "/api/v1/documents/:documentId/verification",
    {
      schema: {
        summary: "A clerk verifies an uploaded document against the original, or rejects it with reasons the uploader sees",
        tags: ["back office", "documents"],
        ...sessionOnly,
        params: z.object({ documentId: uuid }).strict(),
        body: z
          .object({
            decision: z.enum(["verify", "reject"]),
            reasons: z.string().max(2000).optional().describe("Required to reject: shown to the uploader and everyone who may read the file"),
          })
          .strict(),
        response: { 200: documentResponse },
      },
    },
    async (request) => {
      const document = await decideDocumentVerification(deps, useCaseContext(request), { documentId: request.params.documentId, ...request.body });
      return documentDto(document);
    },
  );
}
