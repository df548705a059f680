/**
 * One hook per resource the pages read, each one typed call to the API: a page asks for
 * `useFile(fileId)` or `useMyDebts(…)`, never writes the address itself. Every hook gives
 * a Resource (loading, ready or error, with reload; see use-resource.ts) and takes
 * `{ pollMs }` where a page follows the resource while it is open. After a change, the
 * page reloads the resource it changed (see useAction in use-action.ts).
 */
import { answer, api, callOutsideApi } from "./client.ts";
import type { paths } from "./schema.d.ts";
import type { AgencyMonitor, FileDetail, Me, PhoneRequest, PortalOrderDetail, QueueItem, ReviewItemKind, ReviewQueueName } from "./types.ts";
import { useResource, type Resource } from "./use-resource.ts";

export interface Following {
  /** Ask again this often while the page is open (undefined: once). */
  pollMs?: number;
}

/** An answer the OpenAPI document does not describe yet (see the end of types.ts). */
const undeclared = <T>(pending: Promise<unknown>) => pending as Promise<T>;

export const readMe = (signal?: AbortSignal) => undeclared<Me>(answer(api.GET("/api/v1/me", { signal })));

/** A file's fees now, once (after a request, to offer paying its fee at once). */
export const readFees = (fileId: string) => answer(api.GET("/api/v1/files/{fileId}/fees", { params: { path: { fileId } } })).then((found) => found.fees);

export type AuditQuery = NonNullable<NonNullable<paths["/api/v1/audit/actions"]["get"]["parameters"]["query"]>>;

/** One page of the auditors' search of the action log (the page asks for it on demand, and for more). */
export const searchActions = (query: AuditQuery) => answer(api.GET("/api/v1/audit/actions", { params: { query } }));

export type ReadLogQuery = NonNullable<NonNullable<paths["/api/v1/audit/reads"]["get"]["parameters"]["query"]>>;

/** One page of the auditors' search of the read log. */
export const searchReads = (query: ReadLogQuery) => answer(api.GET("/api/v1/audit/reads", { params: { query } }));

/** Deciding role proposals, by status (administrators). */
export function useRoleProposals(status: "proposed" | "approved" | "refused") {
  return useResource((signal) => answer(api.GET("/api/v1/staff-role-proposals", { params: { query: { status, limit: 100 } }, signal })).then((found) => found.proposals), [status]);
}

// A file and what hangs on it

/** Who looked at the file and when (the debtor's side): offices and capacities, newest first. */
export function useFileReads(fileId: string, limit = 20) {
  return useResource((signal) => answer(api.GET("/api/v1/files/{fileId}/reads", { params: { path: { fileId }, query: { limit } }, signal })), [fileId, limit]);
}

export function useFile(fileId: string, following: Following = {}): Resource<FileDetail> {
  return useResource((signal) => undeclared<FileDetail>(answer(api.GET("/api/v1/files/{fileId}", { params: { path: { fileId } }, signal }))), [fileId], following);
}

export function useFileFees(fileId: string, following: Following = {}) {
  return useResource((signal) => answer(api.GET("/api/v1/files/{fileId}/fees", { params: { path: { fileId } }, signal })).then((found) => found.fees), [fileId], following);
}

export function useFileDocuments(fileId: string, following: Following = {}) {
  return useResource((signal) => answer(api.GET("/api/v1/files/{fileId}/documents", { params: { path: { fileId } }, signal })).then((found) => found.documents), [fileId], following);
}

/** The rules in force on a Kuwait date (default today), each with its source, confidence and effective date. */
export function useRules(at?: string) {
  return useResource((signal) => answer(api.GET("/api/v1/rules", { params: { query: at ? { at } : {} }, signal })), [at ?? ""]);
}

/** What an upload may be (the types and the size limit), as this installation says: shown before anything is sent. */
export function useUploadLimits() {
  return useResource((signal) => answer(api.GET("/api/v1/documents/upload-limits", { signal })), []);
}

/** My title submissions (and my principals'), newest first: their status and the clerk's answer. */
export function useTitleSubmissions() {
  return useResource((signal) => answer(api.GET("/api/v1/title-submissions", { params: { query: { limit: 50 } }, signal })).then((found) => found.submissions), []);
}

export function useFileDisputes(fileId: string) {
  return useResource((signal) => answer(api.GET("/api/v1/files/{fileId}/disputes", { params: { path: { fileId } }, signal })).then((found) => found.disputes), [fileId]);
}

export function useFilePlans(fileId: string) {
  return useResource((signal) => answer(api.GET("/api/v1/files/{fileId}/instalment-plans", { params: { path: { fileId } }, signal })).then((found) => found.plans), [fileId]);
}

export function useFiles(query: { limit: number; search?: string; status?: "open" | "satisfied" | "closed"; cursor?: string }) {
  return useResource((signal) => answer(api.GET("/api/v1/files", { params: { query }, signal })), [query.limit, query.search, query.status, query.cursor]);
}

// The debtor's side

export function useMyDebts(query: { limit?: number; cursor?: string; search?: string }, following: Following = {}) {
  return useResource((signal) => answer(api.GET("/api/v1/me/debts", { params: { query }, signal })), [query.limit, query.cursor, query.search], following);
}

export function useMyNotices(query: { fileId?: string; limit: number }) {
  return useResource((signal) => answer(api.GET("/api/v1/me/notices", { params: { query }, signal })).then((found) => found.notices), [query.fileId, query.limit]);
}

export function useNoticePreferences() {
  return useResource((signal) => answer(api.GET("/api/v1/me/notice-preferences", { signal })), []);
}

export function usePayment(paymentId: string, following: Following = {}) {
  return useResource((signal) => answer(api.GET("/api/v1/payments/{paymentId}", { params: { path: { paymentId } }, signal })), [paymentId], following);
}

// Signing and verifying

export function useSigningRequest(id: string, following: Following = {}) {
  return useResource((signal) => answer(api.GET("/api/v1/signing-requests/{id}", { params: { path: { id } }, signal })), [id], following);
}

export function useVerification(code: string) {
  return useResource((signal) => answer(api.GET("/api/verify/{code}", { params: { path: { code } }, signal })), [code]);
}

/** The stand-in identity provider's simulated phone: what waits for this person's answer. */
export function usePhoneRequests(phoneApi: string, civilId: string, following: Following = {}) {
  return useResource(
    (signal) => callOutsideApi<{ requests: PhoneRequest[] }>(`${phoneApi}/requests?civilId=${encodeURIComponent(civilId)}`, { signal }).then((found) => found.requests),
    [phoneApi, civilId],
    following,
  );
}

// The back office

export interface QueueFilters {
  itemKind?: ReviewItemKind;
  procedureKind?: "bank_attachment" | "vehicle_seizure" | "travel_ban";
  minAgeWorkingDays?: number;
  assigned?: "me" | "unassigned";
}

export function useReviewQueue(queue: ReviewQueueName, filters: QueueFilters, following: Following = {}) {
  const query = { limit: 200, ...filters };
  return useResource(
    (signal) => answer(api.GET("/api/v1/queues/{queue}", { params: { path: { queue }, query }, signal })).then((found) => found.items),
    [queue, filters.itemKind, filters.procedureKind, filters.minAgeWorkingDays, filters.assigned],
    following,
  );
}

/** Every item waiting in these queues, one after the other. */
export function useReviewQueues(queues: ReviewQueueName[], following: Following = {}) {
  return useResource(
    async (signal): Promise<QueueItem[]> => {
      const items: QueueItem[] = [];
      for (const queue of queues) items.push(...(await answer(api.GET("/api/v1/queues/{queue}", { params: { path: { queue }, query: { limit: 200 } }, signal }))).items);
      return items;
    },
    [queues.join(",")],
    following,
  );
}

export function useAgencyMonitor(reads: boolean, following: Following = {}): Resource<AgencyMonitor | null> {
  return useResource((signal) => (reads ? answer(api.GET("/api/v1/agency-monitor", { signal })) : Promise.resolve(null)), [reads], following);
}

export function useTitleSubmission(submissionId: string) {
  return useResource((signal) => answer(api.GET("/api/v1/title-submissions/{submissionId}", { params: { path: { submissionId } }, signal })), [submissionId]);
}

// The agency portal

export function useAgencyOrders(query: { limit: number; awaitingAnswer?: "true"; deadlineMissed?: "true"; cursor?: string }, following: Following = {}) {
  return useResource((signal) => answer(api.GET("/api/v1/agency/orders", { params: { query }, signal })), [query.limit, query.awaitingAnswer, query.deadlineMissed, query.cursor], following);
}

export function useAgencyOrder(orderId: string, following: Following = {}): Resource<PortalOrderDetail> {
  return useResource((signal) => undeclared<PortalOrderDetail>(answer(api.GET("/api/v1/agency/orders/{orderId}", { params: { path: { orderId } }, signal }))), [orderId], following);
}

/** The file's money in the treasury: held, transferred, shared with the debtor's other attaching files, paid out. */
export function useFileTreasury(fileId: string, following: Following = {}) {
  return useResource((signal) => answer(api.GET("/api/v1/files/{fileId}/treasury", { params: { path: { fileId } }, signal })), [fileId], following);
}
