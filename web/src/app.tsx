/**
 * The routes (under /app): public pages first, then the pages that need a session — the
 * creditor's and lawyer's files, the debtor's side, notices and payments, the back office
 * (queues, review pages, dashboard, audit) and the agency portal. What each person may do
 * is the API's to decide; see docs/web.md.
 */
import { lazy, Suspense, type ReactNode } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { Layout } from "./components/layout.tsx";
import { Loading } from "./components/states.tsx";
import { DebtPage } from "./pages/debtor/debt.tsx";
import { DebtsPage } from "./pages/debtor/debts.tsx";
import { DisputePage } from "./pages/debtor/dispute.tsx";
import { InstalmentsPage } from "./pages/debtor/instalments.tsx";
import { PayPage } from "./pages/debtor/pay.tsx";
import { FilePage } from "./pages/creditor/file.tsx";
import { FilesPage } from "./pages/creditor/files.tsx";
import { RequestMeasurePage } from "./pages/creditor/request-measure.tsx";
import { RequestBatchPage } from "./pages/creditor/request-batch.tsx";
import { SubmitTitlePage, TitlesPage, TitleSubmissionPage } from "./pages/creditor/titles.tsx";
import { WaivePage } from "./pages/creditor/waive.tsx";
import { HomePage } from "./pages/home.tsx";
import { LandingPage } from "./pages/landing.tsx";
import { NotFoundPage } from "./pages/not-found.tsx";
import { NoticesPage } from "./pages/notices.tsx";
import { PaymentPage } from "./pages/payment.tsx";
import { PhonePage } from "./pages/phone.tsx";
import { SignInPage } from "./pages/sign-in.tsx";
import { VerifyPage } from "./pages/verify.tsx";
import { TreasuryPage } from "./pages/money/treasury.tsx";
import { RequireSession, SessionProvider } from "./session/session.tsx";

// The staff's tools (back office, agency portal) load on first use: the citizen's shell stays small.
const staff = <K extends string>(load: () => Promise<Record<K, () => ReactNode>>, name: K) => lazy(() => load().then((module) => ({ default: module[name] })));
const AgencyOrderPage = staff(() => import("./pages/agency/order.tsx"), "AgencyOrderPage");
const AgencyOrdersPage = staff(() => import("./pages/agency/orders.tsx"), "AgencyOrdersPage");
const AuditPage = staff(() => import("./pages/back-office/audit.tsx"), "AuditPage");
const ReadLogPage = staff(() => import("./pages/back-office/reads.tsx"), "ReadLogPage");
const RoleProposalsPage = staff(() => import("./pages/back-office/role-proposals.tsx"), "RoleProposalsPage");
const DashboardPage = staff(() => import("./pages/back-office/dashboard.tsx"), "DashboardPage");
const DisputeReviewPage = staff(() => import("./pages/back-office/dispute-review.tsx"), "DisputeReviewPage");
const DocumentReviewPage = staff(() => import("./pages/back-office/document-review.tsx"), "DocumentReviewPage");
const PlanReviewPage = staff(() => import("./pages/back-office/plan-review.tsx"), "PlanReviewPage");
const ProcedureReviewPage = staff(() => import("./pages/back-office/procedure-review.tsx"), "ProcedureReviewPage");
const RulesPage = staff(() => import("./pages/back-office/rules.tsx"), "RulesPage");
const QueuePage = staff(() => import("./pages/back-office/queue.tsx"), "QueuePage");
const TitleReviewPage = staff(() => import("./pages/back-office/title-review.tsx"), "TitleReviewPage");

const signedIn = (page: ReactNode) => (
  <RequireSession>
    <Suspense fallback={<Loading />}>{page}</Suspense>
  </RequireSession>
);

/** The pages that need a person, by address. */
const personal: [path: string, page: ReactNode][] = [
  ["home", <HomePage />],
  // Creditors and lawyers
  ["files", <FilesPage />],
  ["files/:fileId", <FilePage />],
  ["files/:fileId/request", <RequestMeasurePage />],
  ["requests/new", <RequestBatchPage />],
  ["files/:fileId/procedures/:procedureId/waive", <WaivePage />],
  ["files/:fileId/treasury", <TreasuryPage side="creditor" />],
  ["titles", <TitlesPage />],
  ["titles/new", <SubmitTitlePage />],
  ["titles/:submissionId", <TitleSubmissionPage />],
  // The debtor's side, notices, payments
  ["debts", <DebtsPage />],
  ["debts/:fileId", <DebtPage />],
  ["debts/:fileId/pay", <PayPage />],
  ["debts/:fileId/instalments", <InstalmentsPage />],
  ["debts/:fileId/dispute", <DisputePage />],
  ["debts/:fileId/treasury", <TreasuryPage side="debtor" />],
  ["payments/:paymentId", <PaymentPage />],
  ["notices", <NoticesPage />],
  // The back office
  ["back-office", <QueuePage />],
  ["back-office/dashboard", <DashboardPage />],
  ["back-office/audit", <AuditPage />],
  ["back-office/reads", <ReadLogPage />],
  ["back-office/roles", <RoleProposalsPage />],
  ["back-office/rules", <RulesPage />],
  ["back-office/files/:fileId/procedures/:procedureId", <ProcedureReviewPage />],
  ["back-office/files/:fileId/documents/:documentId", <DocumentReviewPage />],
  ["back-office/files/:fileId/disputes/:disputeId", <DisputeReviewPage />],
  ["back-office/files/:fileId/instalment-plans/:planId", <PlanReviewPage />],
  ["back-office/title-submissions/:submissionId", <TitleReviewPage />],
  // The agency portal
  ["agency", <AgencyOrdersPage />],
  ["agency/orders/:orderId", <AgencyOrderPage />],
];

export function App() {
  return (
    <BrowserRouter basename="/app">
      <SessionProvider>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<LandingPage />} />
            <Route path="sign-in" element={<SignInPage />} />
            <Route path="phone" element={<PhonePage />} />
            <Route path="verify" element={<VerifyPage />} />
            <Route path="verify/:code" element={<VerifyPage />} />
            {personal.map(([path, page]) => (
              <Route key={path} path={path} element={signedIn(page)} />
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </SessionProvider>
    </BrowserRouter>
  );
}
