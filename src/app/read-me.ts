/** Who the signed-in subject is, as the app shows it: names as registered, capacities. */
import type { Subject } from "../domain/access/subject.ts";
import { personNames } from "../storage/registry/repository.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";

export interface Me {
  subject: Subject;
  nameAr: string | null;
  nameEn: string | null;
}

export async function readMe(deps: AppDeps, context: UseCaseContext): Promise<Me> {
  const names = await personNames(deps.db, context.subject.civilId);
  return { subject: context.subject, nameAr: names?.nameAr ?? null, nameEn: names?.nameEn ?? null };
}
