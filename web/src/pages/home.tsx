/** Where a person lands after signing in: their own tools (agency orders, queues, the dashboard) or their files. */
import { Navigate } from "react-router";
import { Loading } from "../components/states.tsx";
import { homeOf } from "../session/roles.ts";
import { useSession } from "../session/session.tsx";

export function HomePage() {
  const { session } = useSession();
  if (session.state !== "signed-in") return <Loading />;
  return <Navigate to={homeOf(session.me)} replace />;
}
