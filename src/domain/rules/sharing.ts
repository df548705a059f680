/**
 * How funds recovered from one debtor are shared among several creditors, as a value of a
 * rule version (rule-set.ts). LEGAL.md: "several creditors against one debtor: pro-rata
 * sharing unless a legal privilege (U); an Art. 298(d) deposit is reserved to its creditor
 * (H)". Privileges are U: none is modelled until the department states them, and a later
 * version can add them with its own effective date.
 */
export interface SharingRules {
  /** How common funds are divided: in proportion to each creditor's claim. */
  method: "pro_rata";
  /** Art. 298(d): a deposit the debtor earmarks for a creditor goes to that creditor alone. */
  earmarkedDepositsReserved: boolean;
}
