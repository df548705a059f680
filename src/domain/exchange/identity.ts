/**
 * Department policy (rule value `exchange.identityFreshnessDays`): orders against a person
 * leave only once the civil-information authority has confirmed who they are, recently.
 */
const DAY_MS = 86_400_000;

export function identityCheckNeeded(debtor: { civilId: string | null; identityConfirmedAt: Date | null }, now: Date, freshnessDays: number): boolean {
  if (debtor.civilId === null) return false; // a company: the commercial register, not the civil-information authority
  return debtor.identityConfirmedAt === null || now.getTime() - debtor.identityConfirmedAt.getTime() > freshnessDays * DAY_MS;
}
