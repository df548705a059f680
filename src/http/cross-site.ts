/**
 * Refuses state-changing browser requests that come from another site, in addition to
 * the CSRF token (defence in depth, as Go's net/http CrossOriginProtection does): a
 * browser says where a request comes from in Sec-Fetch-Site; older browsers only send
 * Origin, which must then name this host. Requests with neither (curl, servers, machine
 * clients) are judged by the CSRF token alone.
 */
import type { FastifyRequest } from "fastify";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

export function isCrossSiteRequest(request: Pick<FastifyRequest, "method" | "headers">): boolean {
  if (safeMethods.has(request.method)) return false;
  const site = request.headers["sec-fetch-site"];
  if (typeof site === "string") return site !== "same-origin" && site !== "none";
  const origin = request.headers.origin;
  if (typeof origin !== "string") return false;
  try {
    const from = new URL(origin);
    // The Host header read with the origin's scheme, so a default port written out or not compares equal.
    return from.host !== new URL(`${from.protocol}//${request.headers.host ?? ""}`).host;
  } catch {
    // "null" (sandboxed frames, data: pages) or garbage: not this site.
    return true;
  }
}
