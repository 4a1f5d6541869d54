-- The delivery queue and the webhook outbox are small tables with a row inserted and deleted (or
-- finished) per message: left to the default thresholds, their dead rows pile up between vacuums
-- and every lease scans them. Vacuum them after a few thousand changes instead of a fifth of
-- their (tiny) size, without the cost-based pauses.
ALTER TABLE delivery_queue SET (
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
    autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000,
    autovacuum_vacuum_cost_delay = 0);
ALTER TABLE webhook_deliveries SET (
    autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_threshold = 2000,
    autovacuum_vacuum_cost_delay = 0);
