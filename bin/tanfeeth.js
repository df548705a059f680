#!/usr/bin/env node
// The tanfeeth command: Node (24 LTS) runs the TypeScript sources directly, stripping the
// types (only erasable syntax is used: tsconfig's erasableSyntaxOnly); no build step.
await import("../src/cli/main.ts");
