/**
 * What the identity layer offers the rest of the system (the HTTP server mounts its routes;
 * the composition root builds it): the runtime with the relying party and the stand-in
 * provider, the provider's routes, and the sign-in failure the portal turns into a page.
 * Other folders import identity only through this file (the layering check keeps it).
 */
export { IdentityRuntime, type IdentityOptions } from "./runtime.ts";
export { idpRoutes } from "./idp/routes.ts";
export { SignInFailed } from "./relying-party/relying-party.ts";
