DROP INDEX agency_orders_silent;
ALTER TABLE agency_orders DROP COLUMN status_asked_at;
