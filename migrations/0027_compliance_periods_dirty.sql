CREATE TABLE "compliance_period_marks" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"from_day" date,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "compliance_period_marks" ADD CONSTRAINT "compliance_period_marks_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "compliance_periods_latest_idx" ON "compliance_periods" USING btree ("unit_id","rule_code","ends_on");
--> statement-breakpoint
-- custom (hand-written)
-- The year's record (issue 14): a stored closed period is evaluated again when a record dated
-- inside it is entered, corrected, voided or deleted later (a drill entered late for last month).
-- The same statement triggers that mark a school for the rollup (0009, 0010 and the ledgers' own
-- migrations, all calling compliance_mark_dirty) now also mark it in compliance_period_marks with
-- the earliest day the changed rows name: the least of their date columns named *_on (held_on,
-- meeting_on, checked_on …), or none when a row has no such day (a staff member's posts): then
-- every stored period of the school. Rows dated today or later are not marked: no stored period
-- (they end before today) can hold them, so a school's daily entries cost nothing here.
CREATE OR REPLACE FUNCTION compliance_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO compliance_dirty (unit_id, district_id, marked_at) SELECT u, d, clock_timestamp() FROM (SELECT DISTINCT %I AS u, district_id AS d FROM changed_rows) x '
    'ON CONFLICT (unit_id) DO UPDATE SET marked_at = excluded.marked_at', TG_ARGV[0]);
  EXECUTE format(
    'INSERT INTO compliance_period_marks (unit_id, district_id, from_day, marked_at) '
    'SELECT u, d, CASE WHEN bool_or(day IS NULL) THEN NULL ELSE min(day) END, clock_timestamp() FROM ('
    '  SELECT r.%I AS u, r.district_id AS d,'
    '    (SELECT min(value::date) FROM jsonb_each_text(to_jsonb(r)) WHERE key LIKE ''%%\_on'' AND value ~ ''^\d{4}-\d{2}-\d{2}$'') AS day'
    '  FROM changed_rows r) x '
    'WHERE u IS NOT NULL AND (day IS NULL OR day < (now() AT TIME ZONE ''Asia/Shanghai'')::date) '
    'GROUP BY u, d '
    'ON CONFLICT (unit_id) DO UPDATE SET marked_at = excluded.marked_at, from_day = CASE '
    '  WHEN compliance_period_marks.from_day IS NULL OR excluded.from_day IS NULL THEN NULL '
    '  ELSE least(compliance_period_marks.from_day, excluded.from_day) END', TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A correction that moves a record out of a past period (a drill's day changed from March to May)
-- must reach March too: the update triggers above see the new rows only, so each table's update is
-- also marked from its old rows.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT c.relname AS tab, tg.tgname AS name, split_part(encode(tg.tgargs, 'escape'), '\000', 1) AS col
    FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_proc p ON p.oid = tg.tgfoid
    WHERE p.proname = 'compliance_mark_dirty' AND tg.tgname LIKE '%\_dirty\_upd'
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.name || '_old', t.tab, t.col);
  END LOOP;
END $$;
