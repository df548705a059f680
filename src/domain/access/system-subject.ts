/**
 * The subject for the department's own tools (migrations, demo data, imports from the
 * civil-information authority): it acts as administrator and clerk, and every action it
 * takes is logged under the actor "system".
 */
import type { Subject } from "./subject.ts";

export const systemSubject: Subject = {
  civilId: "system",
  staffRoles: [
    { role: "administrator", agencyKey: null },
    { role: "clerk", agencyKey: null },
    { role: "judge", agencyKey: null },
  ],
  companies: [],
  mandates: [],
};
