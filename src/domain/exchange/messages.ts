/**
 * The agency exchange's vocabulary: the protocol's message types (version 1), as zod schemas — the one definition the
 * hub, the stand-in agencies and docs/agency-protocol.md agree on. Amounts are integer
 * fils as decimal strings; times are ISO 8601 UTC. Every message has a messageId (UUID)
 * that the receiver uses to drop duplicates.
 */
import { z } from "zod";

export const PROTOCOL_VERSION = "1";

const filsAmount = z.string().regex(/^(0|[1-9][0-9]{0,17})$/, "integer fils as a decimal string");
const messageId = z.uuid();
const civilId = z.string().regex(/^[23][0-9]{11}$/);
const crNumber = z.string().regex(/^[1-9][0-9]{0,9}$/);
const iban = z.string().regex(/^KW[0-9]{2}[A-Z]{4}[A-Z0-9]{22}$/);

const debtor = z.union([
  z.object({ civilId, nameAr: z.string(), nameEn: z.string() }).strict(),
  z.object({ crNumber, nameAr: z.string(), nameEn: z.string() }).strict(),
]);

const base = { messageId, sentAt: z.iso.datetime() };
const orderRef = { orderId: z.uuid(), fileNumber: z.string().max(20) };

// ---- hub to agency -------------------------------------------------------------------

/** Attach the debtor's present and future funds up to `maxAmount` in total (Art. 227). */
export const attachmentOrder = z
  .object({ ...base, ...orderRef, type: z.literal("attachment.order"), debtor, maxAmount: filsAmount, standing: z.literal(true) })
  .strict();

/** Change the most this order may hold: release anything above it now, freeze no more later. */
export const holdAdjustment = z
  .object({ ...base, ...orderRef, type: z.literal("hold.adjust"), maxAmount: filsAmount, reason: z.enum(["cap", "payment", "transfer"]) })
  .strict();

const basisPoints = z.number().int().min(0).max(10_000);
/** "salary", or an exempt kind of the rules in force (social_assistance, student_stipend, maintenance …). */
const creditCategory = z.string().regex(/^[a-z][a-z_]{0,39}$/);
const creditReference = z.string().min(1).max(50);

/**
 * Art. 216 and the exempt kinds: what the bank may hold under this order of a salary credit
 * and of each exempt kind (basis points of what was credited), for the file's kind of debt;
 * and, when the hub found the bank holding more of a credit than that, the most it may hold
 * of each such credit now (release the rest at once). Sent with the attachment order (no
 * `credits`), and again whenever the hub limits credits (docs/agency-protocol.md section 10.1).
 */
export const attachmentProtection = z
  .object({
    ...base,
    ...orderRef,
    type: z.literal("attachment.protection"),
    debtKind: z.enum(["general", "alimony", "state"]),
    salaryShareBps: basisPoints.max(5_000),
    exempt: z.array(z.object({ category: creditCategory, attachableShareBps: basisPoints }).strict()).max(50),
    credits: z.array(z.object({ iban, reference: creditReference, maxFrozen: filsAmount }).strict()).max(200),
  })
  .strict();

/** Flag every vehicle registered to the debtor: no transfer, no renewal. */
export const seizureOrder = z.object({ ...base, ...orderRef, type: z.literal("seizure.order"), debtor }).strict();

/** Register a travel ban at every port. */
export const travelBanOrder = z.object({ ...base, ...orderRef, type: z.literal("travel_ban.order"), debtor }).strict();

/** Lift the order entirely: unfreeze, unflag, unban. */
export const liftOrder = z.object({ ...base, ...orderRef, type: z.literal("lift.order"), reason: z.string().max(200) }).strict();

/** Transfer frozen funds under the order to the department's account. */
export const transferOrder = z
  .object({ ...base, ...orderRef, type: z.literal("transfer.order"), amount: filsAmount, toIban: iban })
  .strict();

/**
 * Where does this order stand? Sent when an order the agency accepted has no answer in
 * time (reconciliation): the agency answers from its own state (docs/agency-protocol.md section 10.5).
 */
export const orderStatusQuery = z.object({ ...base, ...orderRef, type: z.literal("order.status") }).strict();

/**
 * Art. 204 bis: state the debtor's present and future funds (banks) or securities (clearing
 * company): a statement now, and another whenever funds arrive later while the file is open.
 */
export const disclosureRequest = z
  .object({ ...base, type: z.literal("disclosure.request"), requestId: z.uuid(), fileNumber: z.string().max(20), debtor, funds: z.literal("present_and_future") })
  .strict();

/** Confirm a person's identity and status with the civil-information authority. */
export const identityQuery = z.object({ ...base, type: z.literal("identity.query"), queryId: z.uuid(), civilId }).strict();

export const hubMessage = z.discriminatedUnion("type", [
  attachmentOrder,
  attachmentProtection,
  holdAdjustment,
  seizureOrder,
  travelBanOrder,
  liftOrder,
  transferOrder,
  disclosureRequest,
  identityQuery,
  orderStatusQuery,
]);
export type HubMessage = z.infer<typeof hubMessage>;

// ---- agency to hub -------------------------------------------------------------------

const reply = { ...base, inReplyTo: messageId };

/** The agency has the order and will act on it. */
export const acknowledgement = z.object({ ...reply, type: z.literal("ack"), orderId: z.uuid() }).strict();

/** The agency refuses the order or request (e.g. unknown person). */
export const rejection = z
  .object({
    ...reply,
    type: z.literal("rejection"),
    orderId: z.uuid().optional(),
    requestId: z.uuid().optional(),
    code: z.enum(["UNKNOWN_PERSON", "INVALID_ORDER", "NOT_ALLOWED", "OTHER"]),
    reason: z.string().max(500),
  })
  .strict();

/**
 * What the bank holds under the order now (Art. 230(e), 234(2)). Absolute, not a delta:
 * `sequence` grows with each declaration of the order, and the highest one is the truth,
 * so duplicates and reordering cannot double-count. A standing attachment sends a new
 * declaration whenever a later credit is frozen.
 */
export const attachmentDeclaration = z
  .object({
    ...reply,
    type: z.literal("attachment.declaration"),
    orderId: z.uuid(),
    sequence: z.number().int().min(1),
    accounts: z.array(z.object({ iban, frozen: filsAmount }).strict()).max(100),
    totalFrozen: filsAmount,
    otherAttachments: z.number().int().min(0),
  })
  .strict();

/**
 * The salary and exempt credits behind an attachment declaration (Art. 216; Art. 234(2)):
 * each credit of a salary or of an exempt kind on the debtor's accounts at this bank, with
 * what was credited and what the order holds of it. Sent right after every declaration of
 * an order that holds any such credit (or whose account received one), with the same
 * `sequence` as that declaration; the highest sequence is the truth. An empty list: none.
 */
export const protectionDeclaration = z
  .object({
    ...reply,
    type: z.literal("protection.declaration"),
    orderId: z.uuid(),
    sequence: z.number().int().min(1),
    credits: z
      .array(z.object({ iban, reference: creditReference, category: creditCategory, credited: filsAmount, frozen: filsAmount }).strict())
      .max(200),
  })
  .strict();

/** Art. 234(2): why the bank owes the debtor what it holds on an account — the account's kind. */
export const particularsCauses = ["current_account", "savings_account", "term_deposit", "salary_account", "other"] as const;
/** The documents a bank may cite in support of what it declares. */
export const particularsDocumentKinds = ["account_statement", "account_agreement", "deposit_certificate", "salary_certificate", "other"] as const;

/** One account's particulars: the cause of what the bank owes the debtor on it and the documents supporting it (Art. 234(2)). */
export const accountParticulars = z
  .object({
    iban,
    cause: z.enum(particularsCauses),
    /** The cause in words, as the bank's records state it (e.g. "balance of a current account opened 4 March 2019"). */
    causeText: z.string().min(1).max(500),
    documents: z
      .array(z.object({ kind: z.enum(particularsDocumentKinds), reference: z.string().min(1).max(100), issuedOn: z.iso.date() }).strict())
      .min(1)
      .max(20),
  })
  .strict();

/**
 * The particulars behind an attachment declaration (Arts. 230(e), 234(2)): for each account the
 * declaration shows holding money under the order, the cause of the debt and the documents
 * supporting it. Sent right after every declaration holding anything, with the same
 * `sequence`; the highest sequence is the truth. From rule version kw-2025.4 the hub refuses
 * particulars that leave out an account the declaration of that sequence holds money on
 * (`PARTICULARS_INCOMPLETE`). A new message type: compatible within version 1 (section 12).
 */
export const declarationParticulars = z
  .object({
    ...reply,
    type: z.literal("declaration.particulars"),
    orderId: z.uuid(),
    sequence: z.number().int().min(1),
    accounts: z.array(accountParticulars).max(100),
  })
  .strict();
export type AccountParticulars = z.infer<typeof accountParticulars>;

export const vehicle = z
  .object({
    plate: z.string().regex(/^[0-9]{1,2}\/[0-9]{1,5}$/),
    vin: z.string().regex(/^[A-HJ-NPR-Z0-9]{17}$/),
    make: z.string().max(50),
    model: z.string().max(50),
    year: z.number().int().min(1950).max(2100),
  })
  .strict();

/** The vehicles registered to the debtor, each now flagged. Empty: nothing registered. */
export const seizureResult = z
  .object({ ...reply, type: z.literal("seizure.result"), orderId: z.uuid(), vehicles: z.array(vehicle).max(200) })
  .strict();

export const travelBanRegistered = z
  .object({ ...reply, type: z.literal("travel_ban.registered"), orderId: z.uuid(), reference: z.string().max(50) })
  .strict();

export const liftConfirmation = z.object({ ...reply, type: z.literal("lift.confirmation"), orderId: z.uuid() }).strict();

export const transferConfirmation = z
  .object({ ...reply, type: z.literal("transfer.confirmation"), orderId: z.uuid(), amount: filsAmount, transferReference: z.string().max(50) })
  .strict();

export const disclosureStatement = z
  .object({
    ...reply,
    type: z.literal("disclosure.statement"),
    requestId: z.uuid(),
    accounts: z.array(z.object({ iban, balance: filsAmount }).strict()).max(100),
    securities: z.array(z.object({ symbol: z.string().max(20), quantity: z.number().int().min(0), value: filsAmount }).strict()).max(200),
  })
  .strict();

export const identityResult = z
  .object({
    ...reply,
    type: z.literal("identity.result"),
    queryId: z.uuid(),
    civilId,
    found: z.boolean(),
    person: z
      .object({ nameAr: z.string(), nameEn: z.string(), nationality: z.string().length(3), alive: z.boolean(), email: z.string().nullable(), phone: z.string().nullable() })
      .strict()
      .nullable(),
  })
  .strict();

export const agencyMessage = z.discriminatedUnion("type", [
  acknowledgement,
  rejection,
  attachmentDeclaration,
  protectionDeclaration,
  declarationParticulars,
  seizureResult,
  travelBanRegistered,
  liftConfirmation,
  transferConfirmation,
  disclosureStatement,
  identityResult,
]);
export type AgencyMessage = z.infer<typeof agencyMessage>;

/** The transport receipt a receiver answers a batch with, per message. */
export const receipt = z
  .object({
    receipts: z.array(
      z
        .object({
          messageId,
          status: z.enum(["accepted", "duplicate", "rejected"]),
          code: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();
export type Receipt = z.infer<typeof receipt>;
