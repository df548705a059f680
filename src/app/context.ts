import type { Subject } from "../domain/access/subject.ts";

/** Who is acting, and the correlation id that ties together everything one request causes. */
export interface UseCaseContext {
  subject: Subject;
  correlationId: string;
}
