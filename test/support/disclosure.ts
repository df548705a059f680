/**
 * A disclosure as Art. 204 bis has it, for tests that need one: the title served on the
 * debtor two days earlier (a process server's report attested by the clerk), the creditor's
 * petition recorded on the file, and the judge (the director's delegate) granting it.
 */
import { petitionDisclosure } from "../../src/app/agency-exchange/petition-disclosure.ts";
import { requestDisclosure } from "../../src/app/agency-exchange/request-disclosure.ts";
import { attestTitleService } from "../../src/app/title-service/attest-title-service.ts";
import type { AppDeps } from "../../src/app/deps.ts";
import type { UseCaseContext } from "../../src/app/context.ts";
import { people } from "./fixtures.ts";

let reports = 0;

export async function grantedDisclosure(
  world: { deps: AppDeps; as(civilId: string): Promise<UseCaseContext> },
  input: { fileId: string; debtorPartyId: string; creditor?: string },
): Promise<{ requestId: string; petitionId: string; agencies: string[] }> {
  const servedAt = new Date(world.deps.clock.now().getTime() - 2 * 86_400_000);
  await attestTitleService(world.deps, await world.as(people.clerk), { fileId: input.fileId, debtorPartyId: input.debtorPartyId, servedAt, reference: `PS-DISCLOSURE-${++reports}` });
  const { petitionId } = await petitionDisclosure(world.deps, await world.as(input.creditor ?? people.creditor), { fileId: input.fileId, debtorPartyId: input.debtorPartyId, grounds: "Served and unpaid." });
  const { requestId, agencies } = await requestDisclosure(world.deps, await world.as(people.judge), { fileId: input.fileId, petitionId });
  return { requestId, petitionId, agencies };
}
