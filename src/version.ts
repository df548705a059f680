/**
 * The release version (package.json, described in CHANGELOG.md): printed by
 * `tanfeeth --version`, the startup banner and the OpenAPI document's info.version.
 * The agency protocol has its own version (PROTOCOL_VERSION, docs/agency-protocol.md).
 */
import { readFileSync } from "node:fs";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

export const TANFEETH_VERSION: string = manifest.version;
