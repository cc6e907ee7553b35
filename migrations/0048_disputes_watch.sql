ALTER TABLE "incident_daily_reports" ADD COLUMN "disputes_nothing" boolean;--> statement-breakpoint
ALTER TABLE "incident_daily_reports" ADD COLUMN "dispute_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "incident_daily_reports" ADD CONSTRAINT "incident_daily_reports_disputes_ck" CHECK ("incident_daily_reports"."disputes_nothing" is null or "incident_daily_reports"."disputes_nothing" = (jsonb_array_length("incident_daily_reports"."dispute_ids") = 0));--> statement-breakpoint
-- custom (hand-written)
-- The compliance rollup reads disputes and petitions (rules disputes.petition_reply and
-- disputes.dispute_resolve): a record made, concluded, corrected or voided marks its school for
-- evaluation again, like 0009 and 0036.
CREATE TRIGGER disputes_dirty_ins AFTER INSERT ON disputes REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
--> statement-breakpoint
CREATE TRIGGER disputes_dirty_upd AFTER UPDATE ON disputes REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
