/**
 * The web application's pages as the screenshots and the accessibility scan visit them:
 * each one an address, who is signed in to see it (nobody, a creditor, a debtor, a clerk,
 * a judge, an auditor, a bank officer), and what to wait for (a page is only scanned or
 * pictured in its settled state, never while loading).
 */
import type { Page } from "playwright-core";
import { webPeople, type WebPerson, type WebWorld } from "./web-world.ts";

export interface WebPage {
  name: string;
  /**
   * The route of web/src/app.tsx this page shows, as written there ("" for the index, "*" for
   * any other address): the 360 px sweep checks that every route has a page here and that
   * the page opened went through its route.
   */
  route: string;
  /** Who is signed in; absent: nobody. */
  as?: WebPerson;
  /** A route that only leads on to another page (home): swept and scanned, not pictured again. */
  leadsOn?: true;
  open(page: Page, world: WebWorld): Promise<void>;
}

export const settled = async (page: Page, selector: string) => {
  // An error state instead of the page fails at once, saying what the page said.
  const shown = await page.waitForSelector(`${selector}, [data-state="error"]`);
  if ((await shown.getAttribute("data-state")) === "error") throw new Error(`${page.url()} shows an error: ${await shown.textContent()}`);
  // (Selectors, not page functions: the app's content security policy forbids eval.)
  await page.waitForSelector('[data-state="loading"]', { state: "detached" });
};

export const webPages: WebPage[] = [
  {
    name: "landing",
    route: "",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/`);
      await settled(page, "#hero-title");
    },
  },
  {
    name: "sign-in",
    route: "sign-in",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/sign-in`);
      await settled(page, "#sign-in");
    },
  },
  {
    name: "phone",
    route: "phone",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/phone?civilId=${webPeople.creditor.civilId}`);
      await settled(page, ".phone-none, .phone-request");
    },
  },
  {
    name: "verify-form",
    route: "verify",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/verify`);
      await settled(page, "#verify-code");
    },
  },
  {
    name: "verify",
    route: "verify/:code",
    open: async (page, world) => {
      // The address the document's QR code holds, which leads to the app's page.
      await page.goto(`${world.baseUrl}/verify/${world.verificationCode}`);
      await page.waitForURL(`${world.baseUrl}/app/verify/${world.verificationCode}`);
      await settled(page, "#verified");
      // Signed with the department's (development) key, over the whole document.
      await page.waitForSelector('#verified-signature[data-signature="department"]');
    },
  },
  {
    name: "verify-unknown",
    route: "verify/:code",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/verify/NO-SUCH-CODE-0000000`);
      await page.waitForURL(/\/app\/verify\/NO-SUCH-CODE-0000000$/);
      await settled(page, "#not-issued");
    },
  },
  {
    name: "home",
    route: "home",
    as: "payingDebtor",
    leadsOn: true,
    open: async (page, world) => {
      // Where a person lands after signing in: a debtor, on what they owe.
      await page.goto(`${world.baseUrl}/app/home`);
      await page.waitForURL(/\/app\/debts$/);
      await settled(page, "#debts");
    },
  },
  {
    name: "files",
    route: "files",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/files`);
      await settled(page, "#files");
    },
  },
  {
    name: "ban-before-suit",
    route: "ban-before-suit",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/ban-before-suit`);
      await settled(page, "#ban-before-suit");
    },
  },
  {
    name: "file",
    route: "files/:fileId",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/files/${world.busyFile}`);
      await settled(page, "#procedures");
      await page.waitForSelector("#documents, .documents-empty, #documents-title");
    },
  },
  {
    name: "request-details",
    route: "files/:fileId/request",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/files/${world.freshFile.creditor}/request`);
      await settled(page, ".step-form");
      await page.click("#step-next"); // measure: bank attachment
      await page.click("#step-next"); // debtor
      await page.check("#banks-chosen");
      await page.check('input[value="NBOK"]');
      await page.check('input[value="KFHO"]');
      await page.waitForSelector("#amount");
    },
  },
  {
    name: "request-evidence",
    route: "files/:fileId/request",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/files/${world.freshFile.creditor}/request`);
      await settled(page, ".step-form");
      await page.check('input[name="kind"][value="travel_ban"]');
      await page.click("#step-next"); // measure: travel ban
      await page.click("#step-next"); // debtor
      await page.waitForSelector("#evidence-documents-limits bdi");
    },
  },
  {
    name: "request-sign",
    route: "files/:fileId/request",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/files/${world.freshFile.creditor}/request`);
      await settled(page, ".step-form");
      await page.click("#step-next");
      await page.click("#step-next");
      await page.fill("#amount", "1,500.250");
      await page.click("#step-next");
      await page.waitForSelector("#sign-with-phone");
      await page.click("#sign-with-phone");
      await page.waitForSelector("#signing-pending");
      await page.waitForSelector(".phone-request");
    },
  },
  {
    name: "request-batch",
    route: "requests/new",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/requests/new`);
      await settled(page, ".batch-files, .state-empty");
    },
  },
  {
    name: "request-batch-check",
    route: "requests/new",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/requests/new?file=${world.freshFile.creditor}&kinds=bank_attachment,vehicle_seizure`);
      await settled(page, ".step-form");
      await page.click("#batch-check");
      await settled(page, "#batch-rows");
    },
  },
  {
    name: "file-next-measures",
    route: "files/:fileId",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/files/${world.moneyFile.fileId}`);
      await settled(page, "#procedures");
      await page.waitForSelector("#next-measures");
    },
  },
  {
    name: "waive",
    route: "files/:fileId/procedures/:procedureId/waive",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/files/${world.busyFile}`);
      await settled(page, "#procedures");
      await page.locator('[data-kind="bank_attachment"] .waive-link').click();
      await settled(page, "#waive-reason");
    },
  },
  {
    name: "titles",
    route: "titles",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/titles`);
      await settled(page, '#submissions, [data-state="empty"]');
    },
  },
  {
    name: "submit-title",
    route: "titles/new",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/titles/new`);
      await settled(page, "#title-form");
    },
  },
  {
    name: "my-title-submission",
    route: "titles/:submissionId",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/titles/${world.titleSubmission}`);
      await settled(page, "#submission");
    },
  },
  {
    name: "notices",
    route: "notices",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/notices`);
      await settled(page, '#notices, [data-state="empty"]');
      await settled(page, "#preferences-title");
    },
  },
  // The debtor's side.
  {
    name: "debts",
    route: "debts",
    as: "debtor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/debts`);
      await settled(page, "#debts");
    },
  },
  {
    name: "debt",
    route: "debts/:fileId",
    as: "payingDebtor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/debts/${world.payingFile.ar}`);
      await settled(page, "#measures");
      await page.waitForSelector('#measures tr[data-holding="bank_funds"]');
      await settled(page, "#plans, #disputes-title");
      // Who looked at my file (issue 16): the section settled too.
      await settled(page, "#file-reads, #file-reads-none");
    },
  },
  // The money's path (issue 18): the creditor's, the debtor's and the clerk's view of one file.
  {
    name: "money-file",
    route: "files/:fileId",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/files/${world.moneyFile.fileId}`);
      await settled(page, "#procedures");
      await page.waitForSelector('[data-outcome="nothing_found"]');
    },
  },
  {
    name: "treasury",
    route: "files/:fileId/treasury",
    as: "creditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/files/${world.moneyFile.fileId}/treasury`);
      await settled(page, "#money-path");
      await settled(page, "#payouts");
    },
  },
  {
    name: "treasury-debtor",
    route: "debts/:fileId/treasury",
    as: "moneyDebtor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/debts/${world.moneyFile.fileId}/treasury`);
      await settled(page, "#money-path");
      await settled(page, "#distributions");
    },
  },
  {
    name: "treasury-clerk",
    route: "files/:fileId/treasury",
    as: "clerk",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/files/${world.moneyFile.fileId}/treasury`);
      await settled(page, "#money-path");
    },
  },
  {
    name: "pay",
    route: "debts/:fileId/pay",
    as: "payingDebtor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/debts/${world.payingFile.ar}/pay`);
      await settled(page, "#pay-continue");
      await page.check("#pay-part");
      await page.fill("#pay-amount", "500");
    },
  },
  {
    name: "payment",
    route: "payments/:paymentId",
    as: "debtor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/payments/${world.payment}`);
      await settled(page, '#payment-status[data-status="captured"]');
    },
  },
  {
    name: "instalments",
    route: "debts/:fileId/instalments",
    as: "payingDebtor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/debts/${world.payingFile.ar}/instalments`);
      await settled(page, "#plan-submit");
    },
  },
  {
    name: "dispute",
    route: "debts/:fileId/dispute",
    as: "payingDebtor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/debts/${world.payingFile.ar}/dispute`);
      await settled(page, "#dispute-submit");
    },
  },
  // The back office.
  {
    name: "queue-judge",
    route: "back-office",
    as: "judge",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office?queue=judge`);
      await settled(page, "#queue");
    },
  },
  {
    name: "queue-clerk",
    route: "back-office",
    as: "clerk",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office?queue=clerk`);
      await settled(page, "#queue");
    },
  },
  {
    name: "decide-ban",
    route: "back-office/files/:fileId/procedures/:procedureId",
    as: "judge",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office/files/${world.busyFile}/procedures/${world.busyBan}`);
      await settled(page, "#procedure-decision");
      await settled(page, ".evidence");
    },
  },
  {
    name: "verify-document",
    route: "back-office/files/:fileId/documents/:documentId",
    as: "clerk",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office/files/${world.busyFile}/documents/${world.evidenceDocument}`);
      await settled(page, "#document-viewer");
    },
  },
  {
    name: "title-submission",
    route: "back-office/title-submissions/:submissionId",
    as: "clerk",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office/title-submissions/${world.titleSubmission}`);
      await settled(page, "#copy-viewer");
    },
  },
  {
    name: "decide-dispute",
    route: "back-office/files/:fileId/disputes/:disputeId",
    as: "judge",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office/files/${world.busyFile}/disputes/${world.dispute}`);
      await settled(page, "#dispute-decision");
    },
  },
  {
    name: "order-plan",
    route: "back-office/files/:fileId/instalment-plans/:planId",
    as: "judge",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office/files/${world.busyFile}/instalment-plans/${world.plan}`);
      await settled(page, "#plan-decision");
    },
  },
  {
    name: "dashboard",
    route: "back-office/dashboard",
    as: "clerk",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office/dashboard`);
      await settled(page, "#chart-by-measure");
      await settled(page, "#agency-health");
      await settled(page, "#status-query");
    },
  },
  {
    name: "audit",
    route: "back-office/audit",
    as: "auditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office/audit?kind=procedure.`);
      await settled(page, "#audit-results");
    },
  },
  {
    name: "reads",
    route: "back-office/reads",
    as: "auditor",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office/reads`);
      await settled(page, "#reads-search");
      await page.click("#reads-search");
      await settled(page, '#reads-results, [data-state="empty"]');
    },
  },
  {
    name: "roles",
    route: "back-office/roles",
    as: "administrator",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office/roles`);
      await settled(page, "#propose-role");
      await settled(page, '#pending-proposals, [data-state="empty"]');
    },
  },
  {
    name: "rules",
    route: "back-office/rules",
    as: "clerk",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/back-office/rules`);
      await settled(page, "#rules");
    },
  },
  // The agency portal.
  {
    name: "agency-orders",
    route: "agency",
    as: "bankOfficer",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/agency`);
      await settled(page, "#agency-orders");
    },
  },
  {
    name: "agency-order",
    route: "agency/orders/:orderId",
    as: "bankOfficer",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/agency/orders/${world.portalFile.ar.orderId}`);
      await settled(page, "#answer-declare");
    },
  },
  {
    name: "not-found",
    route: "*",
    open: async (page, world) => {
      await page.goto(`${world.baseUrl}/app/no-such-page`);
      await settled(page, '[data-state="not-found"]');
    },
  },
];
