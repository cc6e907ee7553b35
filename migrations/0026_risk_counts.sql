CREATE TABLE "risk_counts" (
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"level" text NOT NULL,
	"likelihood" integer NOT NULL,
	"severity" integer NOT NULL,
	"n" integer NOT NULL,
	"escalated" integer NOT NULL,
	CONSTRAINT "risk_counts_school_id_level_likelihood_severity_pk" PRIMARY KEY("school_id","level","likelihood","severity"),
	CONSTRAINT "risk_counts_n_ck" CHECK ("risk_counts"."n" >= 0 and "risk_counts"."escalated" between 0 and "risk_counts"."n")
);
--> statement-breakpoint
CREATE INDEX "risk_counts_district_idx" ON "risk_counts" USING btree ("district_id");--> statement-breakpoint
CREATE INDEX "risk_counts_path_idx" ON "risk_counts" USING btree ("school_path" text_pattern_ops);
--> statement-breakpoint
-- custom (hand-written)
-- risk_counts follows risk_points in the writing transaction: each statement's rows (active ones
-- only) are added, its old rows taken away, grouped per school, colour and likelihood × severity;
-- new counts are upserted in key order (two writers lock them in the same order). Units do not
-- move, so a school's path is fixed with its id.
CREATE FUNCTION risk_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Old rows first: their counts exist, so none goes below zero (the CHECK) on the way.
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE risk_counts c SET n = c.n - d.n, escalated = c.escalated - d.e
    FROM (SELECT school_id, level, likelihood, severity, count(*)::int AS n, (count(*) FILTER (WHERE escalated_on IS NOT NULL))::int AS e
          FROM old_rows WHERE status = 'active' GROUP BY school_id, level, likelihood, severity) d
    WHERE c.school_id = d.school_id AND c.level = d.level AND c.likelihood = d.likelihood AND c.severity = d.severity;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO risk_counts (district_id, school_id, school_path, level, likelihood, severity, n, escalated)
    SELECT district_id, school_id, max(school_path), level, likelihood, severity, count(*), count(*) FILTER (WHERE escalated_on IS NOT NULL)
    FROM new_rows WHERE status = 'active'
    GROUP BY district_id, school_id, level, likelihood, severity ORDER BY school_id, level, likelihood, severity
    ON CONFLICT (school_id, level, likelihood, severity) DO UPDATE
      SET n = risk_counts.n + excluded.n, escalated = risk_counts.escalated + excluded.escalated;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER risk_points_counts_ins AFTER INSERT ON risk_points REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION risk_counts_apply();
--> statement-breakpoint
CREATE TRIGGER risk_points_counts_upd AFTER UPDATE ON risk_points REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION risk_counts_apply();
--> statement-breakpoint
CREATE TRIGGER risk_points_counts_del AFTER DELETE ON risk_points REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION risk_counts_apply();
--> statement-breakpoint
-- Risks already listed before this migration.
INSERT INTO risk_counts (district_id, school_id, school_path, level, likelihood, severity, n, escalated)
SELECT district_id, school_id, max(school_path), level, likelihood, severity, count(*), count(*) FILTER (WHERE escalated_on IS NOT NULL)
FROM risk_points WHERE status = 'active' GROUP BY district_id, school_id, level, likelihood, severity;
