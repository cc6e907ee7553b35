CREATE TABLE "incident_daily_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"report_day" date NOT NULL,
	"nothing_happened" boolean NOT NULL,
	"note" text,
	"reported_at" timestamp with time zone NOT NULL,
	"actor_id" integer NOT NULL,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_daily_requirements" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"key_period_id" integer NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_determinations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incident_determinations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"district_id" integer NOT NULL,
	"incident_id" integer NOT NULL,
	"findings" text[] NOT NULL,
	"reasons" text NOT NULL,
	"severity" text,
	"dead" integer,
	"injured" integer,
	"missing_persons" integer,
	"actor_id" integer NOT NULL,
	"actor_name" text NOT NULL,
	"actor_unit_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_receipts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incident_receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"district_id" integer NOT NULL,
	"incident_id" integer NOT NULL,
	"report_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_name" text NOT NULL,
	"user_id" integer NOT NULL,
	"user_name" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_reports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "incident_reports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"district_id" integer NOT NULL,
	"incident_id" integer NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"by_own_unit" boolean NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"caller_name" text,
	"content" text NOT NULL,
	"severity" text NOT NULL,
	"dead" integer NOT NULL,
	"injured" integer NOT NULL,
	"missing_persons" integer NOT NULL,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"actor_id" integer NOT NULL,
	"actor_name" text NOT NULL,
	"actor_unit_id" integer NOT NULL,
	"actor_unit_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_reports_kind_ck" CHECK ("incident_reports"."kind" in ('first','written','follow_up','final')),
	CONSTRAINT "incident_reports_channel_ck" CHECK ("incident_reports"."channel" in ('system','phone')),
	CONSTRAINT "incident_reports_severity_ck" CHECK ("incident_reports"."severity" in ('especially_major','major','larger','general'))
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"code" text NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"headline" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"known_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"category" text NOT NULL,
	"subtype" text NOT NULL,
	"severity" text NOT NULL,
	"dead" integer DEFAULT 0 NOT NULL,
	"injured" integer DEFAULT 0 NOT NULL,
	"missing_persons" integer DEFAULT 0 NOT NULL,
	"actions_taken" text NOT NULL,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"source" text NOT NULL,
	"entered_by_id" integer NOT NULL,
	"entered_by_unit_id" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"first_due_at" timestamp with time zone NOT NULL,
	"written_due_at" timestamp with time zone NOT NULL,
	"first_reported_at" timestamp with time zone,
	"written_reported_at" timestamp with time zone,
	"fixed_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_status_ck" CHECK ("incidents"."status" in ('open','closed')),
	CONSTRAINT "incidents_source_ck" CHECK ("incidents"."source" in ('self','higher')),
	CONSTRAINT "incidents_severity_ck" CHECK ("incidents"."severity" in ('especially_major','major','larger','general')),
	CONSTRAINT "incidents_counts_ck" CHECK ("incidents"."dead" >= 0 and "incidents"."injured" >= 0 and "incidents"."missing_persons" >= 0),
	CONSTRAINT "incidents_known_ck" CHECK ("incidents"."known_at" >= "incidents"."occurred_at")
);
--> statement-breakpoint
ALTER TABLE "rule_pack_versions" ADD COLUMN "incident_deadlines" jsonb;--> statement-breakpoint
ALTER TABLE "incident_daily_reports" ADD CONSTRAINT "incident_daily_reports_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_daily_reports" ADD CONSTRAINT "incident_daily_reports_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_daily_reports" ADD CONSTRAINT "incident_daily_reports_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_daily_requirements" ADD CONSTRAINT "incident_daily_requirements_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_daily_requirements" ADD CONSTRAINT "incident_daily_requirements_key_period_id_key_periods_id_fk" FOREIGN KEY ("key_period_id") REFERENCES "public"."key_periods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_daily_requirements" ADD CONSTRAINT "incident_daily_requirements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_determinations" ADD CONSTRAINT "incident_determinations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_determinations" ADD CONSTRAINT "incident_determinations_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_receipts" ADD CONSTRAINT "incident_receipts_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_receipts" ADD CONSTRAINT "incident_receipts_report_id_incident_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."incident_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_receipts" ADD CONSTRAINT "incident_receipts_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_receipts" ADD CONSTRAINT "incident_receipts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_reports" ADD CONSTRAINT "incident_reports_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_entered_by_id_users_id_fk" FOREIGN KEY ("entered_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_entered_by_unit_id_units_id_fk" FOREIGN KEY ("entered_by_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "incident_daily_reports_uq" ON "incident_daily_reports" USING btree ("school_id","report_day");--> statement-breakpoint
CREATE INDEX "incident_daily_reports_district_idx" ON "incident_daily_reports" USING btree ("district_id","report_day");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_daily_requirements_uq" ON "incident_daily_requirements" USING btree ("key_period_id");--> statement-breakpoint
CREATE INDEX "incident_determinations_incident_idx" ON "incident_determinations" USING btree ("incident_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "incident_receipts_uq" ON "incident_receipts" USING btree ("report_id","unit_id");--> statement-breakpoint
CREATE INDEX "incident_receipts_incident_idx" ON "incident_receipts" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_reports_incident_idx" ON "incident_reports" USING btree ("incident_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_code_uq" ON "incidents" USING btree ("district_id","code");--> statement-breakpoint
CREATE INDEX "incidents_district_occurred_idx" ON "incidents" USING btree ("district_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "incidents_path_idx" ON "incidents" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "incidents_unit_idx" ON "incidents" USING btree ("unit_id");
--> statement-breakpoint
-- custom (hand-written)
-- Incidents (issue 13): who reads, reports, signs receipt and determines. Department officers
-- report incidents of their own unit; the bureau's leaders and administrator receive and determine.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'incident.read'), ('bureau_leader', 'incident.receive'), ('bureau_leader', 'incident.determine'),
  ('bureau_admin', 'incident.read'), ('bureau_admin', 'incident.report'), ('bureau_admin', 'incident.receive'), ('bureau_admin', 'incident.determine'),
  ('department_officer', 'incident.read'), ('department_officer', 'incident.report'),
  ('town_officer', 'incident.read'), ('town_officer', 'incident.report'), ('town_officer', 'incident.receive'),
  ('principal', 'incident.read'), ('principal', 'incident.report'),
  ('school_safety_officer', 'incident.read'), ('school_safety_officer', 'incident.report'),
  ('inspector', 'incident.read')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Reports, receipts and determinations are the signed history: append-only like hazard_steps.
CREATE OR REPLACE FUNCTION incident_history_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER incident_reports_no_update_delete BEFORE UPDATE OR DELETE ON incident_reports
  FOR EACH ROW EXECUTE FUNCTION incident_history_refuse_change();
--> statement-breakpoint
CREATE TRIGGER incident_reports_no_truncate BEFORE TRUNCATE ON incident_reports
  FOR EACH STATEMENT EXECUTE FUNCTION incident_history_refuse_change();
--> statement-breakpoint
CREATE TRIGGER incident_receipts_no_update_delete BEFORE UPDATE OR DELETE ON incident_receipts
  FOR EACH ROW EXECUTE FUNCTION incident_history_refuse_change();
--> statement-breakpoint
CREATE TRIGGER incident_receipts_no_truncate BEFORE TRUNCATE ON incident_receipts
  FOR EACH STATEMENT EXECUTE FUNCTION incident_history_refuse_change();
--> statement-breakpoint
CREATE TRIGGER incident_determinations_no_update_delete BEFORE UPDATE OR DELETE ON incident_determinations
  FOR EACH ROW EXECUTE FUNCTION incident_history_refuse_change();
--> statement-breakpoint
CREATE TRIGGER incident_determinations_no_truncate BEFORE TRUNCATE ON incident_determinations
  FOR EACH STATEMENT EXECUTE FUNCTION incident_history_refuse_change();
