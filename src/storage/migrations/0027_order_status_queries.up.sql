-- Reconciliation (issue 17): when the hub last asked an agency where an order stands
-- (an order.status message), so a silent order is asked again only after the interval.
ALTER TABLE agency_orders ADD COLUMN status_asked_at timestamptz;
COMMENT ON COLUMN agency_orders.status_asked_at IS 'When the hub last sent order.status for this order (an answer owed and late); null: never asked.';
CREATE INDEX agency_orders_silent ON agency_orders ((coalesce(status_asked_at, sent_at))) WHERE status IN ('sent', 'acknowledged');
COMMENT ON INDEX agency_orders_silent IS 'Orders owing their first answer, by when they were last sent or asked: the status-query sweep.';
