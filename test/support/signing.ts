/**
 * Signed requests in tests, through the real path: ask for a signing request over the
 * API, approve it on the stand-in's simulated phone (its JSON API), and submit with the
 * signing request's id. Nothing in production code knows about tests.
 */
import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";
import type { Client, HttpHarness } from "./http.ts";

export interface PhoneRequest {
  id: string;
  kind: "sign_in" | "signing";
  summary: { ar: string; en: string };
  digest: string | null;
  code: string;
}

/** The pending requests on a person's simulated phone. */
export async function phoneRequests(harness: HttpHarness, civilId: string): Promise<PhoneRequest[]> {
  const response = await harness.app.inject({ method: "GET", url: `/idp/phone/api/requests?civilId=${civilId}` });
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { requests: PhoneRequest[] }).requests;
}

export async function answerOnPhone(harness: HttpHarness, civilId: string, requestId: string, decision: "approve" | "reject"): Promise<LightMyRequestResponse> {
  return harness.app.inject({ method: "POST", url: `/idp/phone/api/requests/${requestId}/${decision}`, payload: { civilId } });
}

type Signable =
  | { purpose: "procedure.request"; fileId: string; request: Record<string, unknown> }
  | { purpose: "procedure.waive"; fileId: string; procedureId: string; request: { reason: string } };

/** Asks to sign, approves on the phone; returns the signing request id (and its digest). */
export async function signOnPhone(harness: HttpHarness, client: Client, signable: Signable): Promise<{ id: string; digest: string; proof: string }> {
  const created = await client.post("/api/v1/signing-requests", signable);
  assert.equal(created.statusCode, 201, created.body);
  const { id, digest } = created.json() as { id: string; digest: string };
  const pending = (await phoneRequests(harness, client.civilId)).find((request) => request.digest === digest);
  assert.ok(pending, "the signing request reached the phone");
  const approved = await answerOnPhone(harness, client.civilId, pending.id, "approve");
  assert.equal(approved.statusCode, 200, approved.body);
  const read = await client.get(`/api/v1/signing-requests/${id}`);
  assert.equal(read.statusCode, 200, read.body);
  const view = read.json() as { status: string; proof: string };
  assert.equal(view.status, "approved");
  return { id, digest, proof: view.proof };
}

/** POST a procedure request, signed on the phone first. */
export async function signedRequest(harness: HttpHarness, client: Client, fileId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const { id } = await signOnPhone(harness, client, { purpose: "procedure.request", fileId, request: body });
  return client.request({ method: "POST", url: `/api/v1/files/${fileId}/procedures`, payload: { ...body, signingRequestId: id }, headers });
}

/** POST a waiver, signed on the phone first. */
export async function signedWaive(harness: HttpHarness, client: Client, fileId: string, procedureId: string, reason: string) {
  const { id } = await signOnPhone(harness, client, { purpose: "procedure.waive", fileId, procedureId, request: { reason } });
  return client.post(`/api/v1/files/${fileId}/procedures/${procedureId}/waive`, { reason, signingRequestId: id });
}
