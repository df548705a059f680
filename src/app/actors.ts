/** Actors that are not a person: the worker carrying out queued work. (The automatic checks' actor is `rulesActor`, file-changes.ts.) */
import type { Actor } from "../storage/action-log.ts";

export const workerActor: Actor = { id: "system", role: "worker" };
