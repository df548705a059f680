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
  /**
   * Who shares the proceeds of enforcement on the debtor's funds (a bank's transfer of what
   * it froze) when the debtor has several files: "attaching_creditors" — every open file
   * against the same debtor whose bank attachment has reached the banks (dispatched or in
   * force) shares pro rata to what it is owed (distribution.ts); "none" — the file whose
   * order froze the funds takes them. A debtor's own payment on a file is always that file's.
   */
  acrossFiles: "attaching_creditors" | "none";
}
