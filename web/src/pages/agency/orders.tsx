/**
 * The agency portal, for an officer of a bank or ministry without a machine integration:
 * the orders sent to my agency (GET /api/v1/agency/orders), newest first, those waiting
 * for our answer first by default, with the answer deadline (Art. 230(e): 10 days for a
 * bank's declaration) and those past it marked. Polls while open.
 */
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { useAgencyOrders } from "../../api/resources.ts";
import { Kwd } from "../../components/format.tsx";
import { Page } from "../../components/page.tsx";
import { Pagination, usePages } from "../../components/pagination.tsx";
import { Empty, Ready } from "../../components/states.tsx";
import { DateCell, Table } from "../../components/table.tsx";
import { Tabs } from "../../components/tabs.tsx";
import { agencyName } from "../../components/vocabulary.ts";
import { currentLang } from "../../i18n/index.ts";
import { agenciesOf } from "../../session/roles.ts";
import { useSession } from "../../session/session.tsx";

export const AGENCY_POLL_MS = 5000;
const PAGE_SIZE = 25;
const views = ["awaiting", "late", "all"] as const;

export function AgencyOrdersPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const me = session.state === "signed-in" ? session.me : null;
  const agencies = agenciesOf(me);
  const [params] = useSearchParams();
  const view = views.find((value) => value === params.get("view")) ?? "awaiting";
  const pages = usePages();
  const orders = useAgencyOrders(
    { limit: PAGE_SIZE, awaitingAnswer: view === "awaiting" ? "true" : undefined, deadlineMissed: view === "late" ? "true" : undefined, cursor: pages.cursor },
    { pollMs: AGENCY_POLL_MS },
  );
  const lang = currentLang();
  return (
    <Page className="agency-page" title={t("agency.title")} intro={t("agency.intro", { agency: agencies.map((key) => agencyName(key, t)).join(t("list.separator")) })}>
      <Tabs label={t("agency.views")} tabs={views.map((value) => ({ to: `/agency?view=${value}`, label: t(`agency.viewNames.${value}`), id: `view-${value}`, current: value === view, onClick: pages.reset }))} />
      <Ready resource={orders}>
        {(found) =>
          found.orders.length === 0 ? (
            <Empty>{t(`agency.empty.${view}`)}</Empty>
          ) : (
            <>
              <Table className="responsive agency-orders" id="agency-orders" caption={t(`agency.viewNames.${view}`)} columns={[t("agency.order"), t("agency.debtor"), t("agency.file"), t("agency.upTo"), t("agency.status"), t("agency.received"), t("agency.answerDue")]}>
                {found.orders.map((order) => (
                  <tr key={order.id} data-order-id={order.id} data-order-type={order.orderType} data-order-status={order.status}>
                    <th scope="row" data-label={t("agency.order")}>
                      <Link to={`/agency/orders/${order.id}`} className="order-link">
                        {t(`vocab.procedureKind.${order.orderType}`)}
                      </Link>
                    </th>
                    <td data-label={t("agency.debtor")}>
                      {lang === "ar" ? order.debtor.nameAr : order.debtor.nameEn}
                      <span className="muted block">
                        <bdi dir="ltr">{order.debtor.civilId ?? order.debtor.crNumber}</bdi>
                      </span>
                    </td>
                    <td data-label={t("agency.file")}>
                      <bdi dir="ltr">{order.fileNumber}</bdi>
                    </td>
                    <td data-label={t("agency.upTo")}>{order.maxAmount ? <Kwd value={order.maxAmount} /> : <span className="muted">—</span>}</td>
                    <td data-label={t("agency.status")}>
                      <span className={`badge order-status order-${order.status}`}>{t(`vocab.orderStatus.${order.status}`, { defaultValue: t("states.other") })}</span>
                      {order.awaitingAnswer ? <span className="badge awaiting">{t("agency.yourAnswer")}</span> : null}
                      {order.deadlineMissed ? <span className="badge late">{t("agency.late")}</span> : null}
                    </td>
                    <DateCell label={t("agency.received")} iso={order.sentAt} />
                    <DateCell label={t("agency.answerDue")} iso={order.answerDueAt} dateOnly />
                  </tr>
                ))}
              </Table>
              {pages.page > 1 || found.nextCursor ? <Pagination pages={pages} nextCursor={found.nextCursor} /> : null}
            </>
          )
        }
      </Ready>
    </Page>
  );
}
