/**
 * The layering of tanfeeth, kept by CI (`npm run check:layers`, run by .ci/run): dependencies
 * point down — domain ← storage ← app ← adapters (agencies, http, identity, notices, payments,
 * documents, anchors) ← composition (jobs, cli, seed) — and web/ reads only itself and the
 * pure domain. docs/architecture.md draws it. A rule broken here fails CI with the rule's name.
 */
const adapters = "agencies|http|identity|notices|payments|documents|anchors";

module.exports = {
  forbidden: [
    {
      name: "domain-is-pure",
      comment: "src/domain imports nothing outside itself: no storage, no I/O, no process, no clock (DESIGN.md).",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "^src/(?!domain/)" },
    },
    {
      name: "domain-has-no-io",
      comment: "The domain uses no Node module but crypto (hashes).",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { dependencyTypes: ["core"], pathNot: "^(node:)?crypto$" },
    },
    {
      name: "app-below-adapters",
      comment: "Use cases (src/app) import no transport, no HTTP, no identity, no adapters, no composition: they declare ports (src/app/ports) that adapters implement.",
      severity: "error",
      from: { path: "^src/app/" },
      to: { path: `^src/((${adapters}|jobs|cli|seed)/|config\\.ts$|logger\\.ts$)` },
    },
    {
      name: "storage-below-app",
      comment: "Storage (repositories, migrations, the action log) takes nothing from the use cases or anything above them.",
      severity: "error",
      from: { path: "^src/storage/" },
      to: { path: `^src/((app|${adapters}|jobs|cli|seed)/|config\\.ts$|logger\\.ts$)` },
    },
    {
      name: "lib-is-a-leaf",
      comment: "src/lib holds small helpers shared by everyone; it imports nothing of the project.",
      severity: "error",
      from: { path: "^src/lib/" },
      to: { path: "^src/(?!lib/)" },
    },
    {
      name: "adapters-not-each-others-internals",
      comment: "The adapters reach app and domain, and each other only through the other's index.ts.",
      severity: "error",
      from: { path: `^src/(${adapters})/` },
      to: { path: `^src/(${adapters})/`, pathNot: [`^src/$1/`, `^src/(${adapters})/index\\.ts$`] },
    },
    {
      name: "composition-on-top",
      comment: "Only the composition roots (the worker in src/jobs, the command in src/cli) import them; nothing imports the command.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(jobs|cli)/" },
      to: { path: "^src/(jobs|cli)/" },
    },
    {
      name: "seed-for-composition-only",
      comment: "Demo data is loaded by the command (and tests), never by the running system's layers.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(cli|seed)/" },
      to: { path: "^src/seed/" },
    },
    {
      name: "web-reads-only-itself-and-the-pure-domain",
      comment: "The web app talks to the API only; it may import pure code of src/domain (labels, validators), nothing else of the repository.",
      severity: "error",
      from: { path: "^web/" },
      to: { path: "^(?!web/|src/domain/|node_modules/)" },
    },
    {
      name: "no-circular",
      comment: "No import cycles between modules (and so none between folders; `npm run check:layers` also checks the folder graph).",
      severity: "error",
      from: { path: "^(src|web)/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(\\.test\\.tsx?$|/dist/|web/src/api/schema\\.d\\.ts$)" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
