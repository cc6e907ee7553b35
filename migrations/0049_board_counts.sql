ALTER TABLE "compliance_monthly" ADD COLUMN "not_applicable" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "compliance_monthly_worst_idx" ON "compliance_monthly" USING btree ("district_id","month","missed" DESC NULLS LAST,"due_soon" DESC NULLS LAST,"unit_path");--> statement-breakpoint
-- custom (hand-written): the board reads the current month's rows as its kept counts (issue 19), so
-- they are brought to the findings kept now: each school's findings counted by status, as the
-- rollup writes them, for the month of its district's rollup.
INSERT INTO compliance_monthly (district_id, month, unit_id, unit_path, met, due_soon, missed, not_applicable)
SELECT f.district_id, to_char(r.as_of, 'YYYY-MM'), f.unit_id, min(f.unit_path),
  count(*) FILTER (WHERE f.status = 'met')::int, count(*) FILTER (WHERE f.status = 'due_soon')::int,
  count(*) FILTER (WHERE f.status = 'missed')::int, count(*) FILTER (WHERE f.status = 'not_applicable')::int
FROM compliance_findings f JOIN compliance_rollups r ON r.district_id = f.district_id
GROUP BY f.district_id, r.as_of, f.unit_id
ON CONFLICT (unit_id, month) DO UPDATE SET unit_path = excluded.unit_path, met = excluded.met, due_soon = excluded.due_soon,
  missed = excluded.missed, not_applicable = excluded.not_applicable;
