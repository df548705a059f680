/**
 * The agency directory a real rollout needs (issue 17): AGENCY_DIRECTORY_FILE overrides the
 * stand-ins agency by agency, or replaces them (`"standIns": false` / AGENCY_STANDINS=false);
 * its entries are checked member by member (`agencyKey`, as the README names it); each
 * agency's pinned RFC 7638 thumbprints are checked against the keys it publishes, over real
 * HTTP (the stand-in server's JWKS), and a key not pinned is refused.
 */
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { directoryFromEndpoints, parseDirectoryFile, type AgencyEndpoint } from "../../src/agencies/hub/directory.ts";
import { ecThumbprint, generateSigningKeyPair } from "../../src/agencies/protocol/keys.ts";
import { createSimulatorServer, type SimulatorServer } from "../../src/agencies/simulators/index.ts";
import { agencyDirectoryFrom } from "../../src/cli/hub-runtime.ts";
import { loadConfig, type AgencyConfig } from "../../src/config.ts";
import { allAgencyKeys } from "../../src/domain/procedures/agencies.ts";

const nbk = { agencyKey: "bank:NBOK", endpoint: "https://tanfeeth-gw.nbk.example/v1", jwksUrl: "https://tanfeeth-gw.nbk.example/v1/jwks.json", thumbprints: ["oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U"] };

describe("the directory file", () => {
  test("is refused when anything in it is off, with what is wrong", () => {
    const refusals: [string, unknown, RegExp, { requireThumbprints?: boolean }?][] = [
      ["the stand-ins' old member name", [{ ...nbk, agencyKey: undefined, agencyId: "bank:NBOK" }], /agencyId|agencyKey/],
      ["a misspelt member", [{ ...nbk, thumbprint: nbk.thumbprints }], /thumbprint/],
      ["a party id the protocol does not have", [{ ...nbk, agencyKey: "bank:XXXX" }], /party id/],
      ["an agency twice", [nbk, nbk], /listed twice/],
      ["a thumbprint that is not one", [{ ...nbk, thumbprints: ["abc"] }], /thumbprint/],
      ["an endpoint that is not http(s)", [{ ...nbk, endpoint: "ftp://nbk.example" }], /endpoint/],
      ["no pinned key in production", [{ ...nbk, thumbprints: undefined }], /no pinned key thumbprints/, { requireThumbprints: true }],
    ];
    for (const [name, content, message, options] of refusals) {
      assert.throws(() => parseDirectoryFile(JSON.stringify(content), options), message, name);
    }
    assert.throws(() => parseDirectoryFile("{not json"), /not JSON/);
    // A portal-only agency has no key to pin.
    assert.equal(parseDirectoryFile(JSON.stringify([{ ...nbk, thumbprints: undefined, portalOnly: true }]), { requireThumbprints: true }).agencies.length, 1);
  });

  test("overrides the stand-ins agency by agency, or replaces them when they are switched off", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tanfeeth-directory-"));
    const list = path.join(dir, "list.json");
    const withoutStandIns = path.join(dir, "only.json");
    await writeFile(list, JSON.stringify([nbk]));
    await writeFile(withoutStandIns, JSON.stringify({ standIns: false, agencies: [nbk] }));
    const config = (overrides: Partial<AgencyConfig>): AgencyConfig => ({ ...loadConfig({}).agencies, ...overrides });
    const standIns = "http://127.0.0.1:3100";

    const merged = await agencyDirectoryFrom(config({ directoryFile: list }), standIns);
    assert.deepEqual(merged.agencyKeys().sort(), [...allAgencyKeys()].sort(), "every agency: the stand-ins and the file's");
    assert.equal(merged.endpointOf("bank:NBOK")!.endpoint, nbk.endpoint, "NBOK from the file");
    assert.deepEqual(merged.endpointOf("bank:NBOK")!.thumbprints, nbk.thumbprints);
    assert.equal(merged.endpointOf("bank:KFHO")!.endpoint, `${standIns}/agencies/bank/KFHO`, "KFHO still the stand-in");

    for (const [name, directory] of [
      ["the file says no stand-ins", await agencyDirectoryFrom(config({ directoryFile: withoutStandIns }), standIns)],
      ["AGENCY_STANDINS=false", await agencyDirectoryFrom(config({ directoryFile: list, standIns: false }), standIns)],
    ] as const) {
      assert.deepEqual(directory.agencyKeys(), ["bank:NBOK"], name);
    }
    // The switch wins over the file.
    assert.equal((await agencyDirectoryFrom(config({ directoryFile: withoutStandIns, standIns: true }), standIns)).agencyKeys().length, allAgencyKeys().length);
    await assert.rejects(agencyDirectoryFrom(config({ standIns: false }), standIns), /no agencies configured/);
    // Production: a file without pins is refused at start.
    await writeFile(list, JSON.stringify([{ ...nbk, thumbprints: undefined }]));
    await assert.rejects(agencyDirectoryFrom(config({ directoryFile: list }), undefined, { requireThumbprints: true }), /no pinned key thumbprints/);
  });

  test("AGENCY_STANDINS is true or false, nothing else", () => {
    assert.equal(loadConfig({ AGENCY_STANDINS: "false" }).agencies.standIns, false);
    assert.equal(loadConfig({}).agencies.standIns, undefined);
    assert.throws(() => loadConfig({ AGENCY_STANDINS: "no" }), /AGENCY_STANDINS must be true or false/);
  });
});

describe("pinned keys, against the agency's published key set", () => {
  let sim: SimulatorServer;
  before(async () => {
    sim = await createSimulatorServer({ hubUrl: "http://127.0.0.1:9" });
    await sim.listen({ port: 0, host: "127.0.0.1" });
  });
  after(() => sim.close());

  const entry = (): AgencyEndpoint => {
    const found = sim.directory().find((candidate) => candidate.agencyKey === "bank:NBOK")!;
    return { agencyKey: found.agencyKey, endpoint: found.endpoint, jwksUrl: found.jwksUrl };
  };

  test("a pinned key is used; a key not pinned is refused as unknown; rotation needs the new pin", async () => {
    const published = sim.agency("bank:NBOK").publicJwks().keys[0]!;
    const pin = ecThumbprint(published);
    const kid = sim.agency("bank:NBOK").kid;
    const stranger = ecThumbprint((await generateSigningKeyPair()).publicJwk);

    assert.ok(await directoryFromEndpoints([{ ...entry(), thumbprints: [pin] }]).resolveKey("bank:NBOK", kid), "pinned: resolved");
    assert.equal(await directoryFromEndpoints([{ ...entry(), thumbprints: [stranger] }]).resolveKey("bank:NBOK", kid), undefined, "not pinned: refused");
    assert.ok(await directoryFromEndpoints([entry()]).resolveKey("bank:NBOK", kid), "no pins (stand-ins, development): any published key");

    // The bank rotates: its new key is published next to the old one.
    const newKid = await sim.agency("bank:NBOK").rotateKey();
    const newPin = ecThumbprint(sim.agency("bank:NBOK").publicJwks().keys.find((key) => key.kid === newKid)!);
    const oldPinsOnly = directoryFromEndpoints([{ ...entry(), thumbprints: [pin] }]);
    assert.equal(await oldPinsOnly.resolveKey("bank:NBOK", newKid), undefined, "the new key is refused until its thumbprint is pinned");
    assert.ok(await oldPinsOnly.resolveKey("bank:NBOK", kid), "the old key still works during the overlap");
    assert.ok(await directoryFromEndpoints([{ ...entry(), thumbprints: [pin, newPin] }]).resolveKey("bank:NBOK", newKid), "pinned both: the new key resolves");
  });
});
