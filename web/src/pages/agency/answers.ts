/** Which answers the agency portal offers on an order: the API's own rule, read in the page. Pure. */
import { isDomainError } from "#domain/errors.ts";
import type { AgencyOrderStatus } from "#domain/procedures/index.ts";
import { checkPortalAnswer, type PortalAnswerKind } from "#domain/procedures/portal-answers.ts";
import type { PortalOrder } from "../../api/types.ts";

/** Whether the order takes this answer now (the API checks again: the same rule). */
export function mayAnswer(answer: PortalAnswerKind, order: Pick<PortalOrder, "orderType" | "status">): boolean {
  try {
    checkPortalAnswer(answer, order.orderType, order.status as AgencyOrderStatus);
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}

