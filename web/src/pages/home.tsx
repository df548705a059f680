/**
 * Where a person lands after signing in: their own tools (agency orders, queues, the
 * dashboard), "What I owe" for a debtor, or their files.
 */
import { Navigate } from "react-router";
import { useMyDebts } from "../api/resources.ts";
import type { Me } from "../api/types.ts";
import { Loading } from "../components/states.tsx";
import { homeOf, isPrivatePerson } from "../session/roles.ts";
import { useSession } from "../session/session.tsx";

/** A private person: one look at GET /api/v1/me/debts decides between "What I owe" and "My files". */
function PrivateHome({ me }: { me: Me }) {
  const debts = useMyDebts({ limit: 1 });
  if (debts.state === "loading") return <Loading />;
  // Should the list fail, the person still lands somewhere useful: their files.
  const isDebtor = debts.state === "ready" && debts.data.files.length > 0;
  return <Navigate to={homeOf(me, { isDebtor })} replace />;
}

export function HomePage() {
  const { session } = useSession();
  if (session.state !== "signed-in") return <Loading />;
  if (isPrivatePerson(session.me)) return <PrivateHome me={session.me} />;
  return <Navigate to={homeOf(session.me)} replace />;
}
