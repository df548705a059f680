/**
 * Where the identity provider gets the claims it vouches for: the civil-information
 * authority's register. A port, so the agency-exchange stand-in (or the real authority)
 * can replace the default, which reads the persons registry.
 */
import type { IdentityClaims } from "../../app/sign-in.ts";
import type { Db } from "../../storage/database.ts";

export interface CivilInformation {
  /** The person registered under this civil ID, or null. */
  person(civilId: string): Promise<IdentityClaims | null>;
}

export function personsRegistry(db: Db): CivilInformation {
  return {
    async person(civilId) {
      const row = await db
        .selectFrom("persons")
        .select(["civil_id", "name_ar", "name_en", "nationality", "email", "phone"])
        .where("civil_id", "=", civilId)
        .executeTakeFirst();
      return row
        ? { civilId: row.civil_id, nameAr: row.name_ar, nameEn: row.name_en, nationality: row.nationality, email: row.email, phone: row.phone }
        : null;
    },
  };
}
