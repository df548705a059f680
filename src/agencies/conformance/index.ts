/**
 * The conformance kit (`tanfeeth agency-conformance`): plays the hub against an agency's
 * endpoint (agency mode) or an agency against a hub (hub mode), running the checklist of
 * docs/agency-protocol.md section 13 as numbered cases. docs/agency-onboarding.md says how
 * a bank uses it.
 */
export { startConformanceHub, type ConformanceHub, type ConformanceHubOptions, type ReceivedReply } from "./inbound.ts";
export { runAgencyConformance, agencyKindOf, CONFORMANCE_TREASURY_IBAN, DEFAULT_EMPTY_DEBTOR, DEFAULT_TEST_COMPANY, DEFAULT_TEST_DEBTOR, DEFAULT_UNKNOWN_PERSON, type AgencyConformanceOptions, type AgencyKind } from "./agency-mode.ts";
export { formatReport, type CaseResult, type CaseStatus, type ConformanceReport } from "./report.ts";
export { runHubConformance, type HubConformanceOptions } from "./hub-mode.ts";
