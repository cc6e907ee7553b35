-- Two changes to the compliance rollup triggers of 0009.
-- 1. A statement inserting several rows of one school (a week of duty entries, the demo's bulk
--    inserts) marked the school once per row: DISTINCT over (school, district, clock_timestamp())
--    kept every row, since the clock differs row by row, and ON CONFLICT DO UPDATE then refused to
--    touch the same school twice ("cannot affect row a second time"). The schools are made distinct
--    first, the time added after.
CREATE OR REPLACE FUNCTION compliance_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO compliance_dirty (unit_id, district_id, marked_at) SELECT u, d, clock_timestamp() FROM (SELECT DISTINCT %I AS u, district_id AS d FROM changed_rows) x '
    'ON CONFLICT (unit_id) DO UPDATE SET marked_at = excluded.marked_at', TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- 2. Inspections feed compliance too (inspection.key_period_fire, 003: fire special inspections in a
--    key period): a school's inspection form submitted, or changed, marks the school for evaluation
--    again, like the ledgers. (The duty entries are marked by 0009 already.)
CREATE TRIGGER inspection_targets_dirty_ins AFTER INSERT ON inspection_targets REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
--> statement-breakpoint
CREATE TRIGGER inspection_targets_dirty_upd AFTER UPDATE ON inspection_targets REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
--> statement-breakpoint
CREATE TRIGGER inspection_targets_dirty_del AFTER DELETE ON inspection_targets REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
