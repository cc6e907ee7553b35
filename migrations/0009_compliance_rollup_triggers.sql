CREATE TABLE "compliance_monthly" (
	"district_id" integer NOT NULL,
	"month" text NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"met" integer NOT NULL,
	"due_soon" integer NOT NULL,
	"missed" integer NOT NULL,
	CONSTRAINT "compliance_monthly_unit_id_month_pk" PRIMARY KEY("unit_id","month")
);
--> statement-breakpoint
ALTER TABLE "compliance_monthly" ADD CONSTRAINT "compliance_monthly_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "compliance_monthly_district_idx" ON "compliance_monthly" USING btree ("district_id","month");--> statement-breakpoint
-- The compliance rollup is kept fresh by the database itself, whoever writes (forms, imports, the demo):
-- a change to a school's ledger marks the school for evaluation again (compliance_dirty); a change
-- to what every school is judged against (calendars, key periods, the bureau's letters) drops the
-- district's rollup state so that the next read evaluates the whole district.
CREATE FUNCTION compliance_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO compliance_dirty (unit_id, district_id, marked_at) SELECT u, d, clock_timestamp() FROM (SELECT DISTINCT %I AS u, district_id AS d FROM changed_rows) x '
    'ON CONFLICT (unit_id) DO UPDATE SET marked_at = excluded.marked_at', TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION compliance_mark_school_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind = 'school' THEN
    INSERT INTO compliance_dirty (unit_id, district_id, marked_at) VALUES (NEW.id, NEW.district_id, clock_timestamp())
    ON CONFLICT (unit_id) DO UPDATE SET marked_at = excluded.marked_at;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION compliance_drop_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM compliance_rollups WHERE district_id = COALESCE(NEW.district_id, OLD.district_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('drills', 'school_id'), ('trainings', 'school_id'), ('safety_meetings', 'school_id'), ('insurance_policies', 'school_id'),
    ('staff_members', 'school_id'), ('duty_entries', 'school_id'), ('security_profiles', 'school_id'), ('letter_signatures', 'unit_id')
  ) AS v(tab, col) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_ins', t.tab, t.col);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_upd', t.tab, t.col);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_del', t.tab, t.col);
  END LOOP;
  FOR t IN SELECT * FROM (VALUES ('school_calendars'), ('key_periods'), ('responsibility_letters')) AS v(tab) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION compliance_drop_rollup()', t.tab || '_drop_rollup', t.tab);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE TRIGGER units_compliance_dirty AFTER INSERT OR UPDATE ON units FOR EACH ROW EXECUTE FUNCTION compliance_mark_school_dirty();
