CREATE TABLE "warning_receipts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "warning_receipts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"warning_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL,
	"signed_by" integer NOT NULL,
	"signed_by_name" text NOT NULL,
	"report" jsonb,
	"report_note" text,
	"reported_at" timestamp with time zone,
	"reported_by" integer,
	"reported_by_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "warning_receipts_report_ck" CHECK (("warning_receipts"."reported_at" is null) = ("warning_receipts"."report" is null))
);
--> statement-breakpoint
CREATE TABLE "warning_targets" (
	"warning_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"town_id" integer,
	"shelter" boolean DEFAULT false NOT NULL,
	CONSTRAINT "warning_targets_warning_id_school_id_pk" PRIMARY KEY("warning_id","school_id")
);
--> statement-breakpoint
CREATE TABLE "warnings" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"issuer_unit_id" integer NOT NULL,
	"issuer_unit_path" text NOT NULL,
	"issuer_unit_name" text NOT NULL,
	"kind" text NOT NULL,
	"level" text NOT NULL,
	"title" text NOT NULL,
	"actions" text[] NOT NULL,
	"requirements" text,
	"target_mode" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by" integer NOT NULL,
	"issued_by_name" text NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"sign_within_hours" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"closed_by_name" text,
	"last_reminded_at" timestamp with time zone,
	"reminders" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warnings_kind_ck" CHECK ("warnings"."kind" in ('typhoon','rainstorm','flood','ice_snow','heat','epidemic','other')),
	CONSTRAINT "warnings_level_ck" CHECK ("warnings"."level" in ('blue','yellow','orange','red')),
	CONSTRAINT "warnings_status_ck" CHECK ("warnings"."status" in ('open','closed')),
	CONSTRAINT "warnings_closed_ck" CHECK (("warnings"."status" = 'closed') = ("warnings"."closed_at" is not null)),
	CONSTRAINT "warnings_deadline_ck" CHECK ("warnings"."deadline_at" > "warnings"."issued_at"),
	CONSTRAINT "warnings_hours_ck" CHECK ("warnings"."sign_within_hours" between 1 and 720)
);
--> statement-breakpoint
ALTER TABLE "drills" DROP CONSTRAINT "drills_kind_ck";--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "shelter" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "warning_receipts" ADD CONSTRAINT "warning_receipts_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_receipts" ADD CONSTRAINT "warning_receipts_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_receipts" ADD CONSTRAINT "warning_receipts_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_receipts" ADD CONSTRAINT "warning_receipts_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_targets" ADD CONSTRAINT "warning_targets_warning_id_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."warnings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_targets" ADD CONSTRAINT "warning_targets_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_targets" ADD CONSTRAINT "warning_targets_town_id_units_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_issuer_unit_id_units_id_fk" FOREIGN KEY ("issuer_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warnings" ADD CONSTRAINT "warnings_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "warning_receipts_uq" ON "warning_receipts" USING btree ("warning_id","school_id");--> statement-breakpoint
CREATE INDEX "warning_targets_school_idx" ON "warning_targets" USING btree ("school_id","warning_id");--> statement-breakpoint
CREATE INDEX "warning_targets_path_idx" ON "warning_targets" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "warnings_district_idx" ON "warnings" USING btree ("district_id","id");--> statement-breakpoint
ALTER TABLE "drills" ADD CONSTRAINT "drills_kind_ck" CHECK ("drills"."kind" in ('fire','earthquake','stampede','night_evacuation','school_bus','nap_time','violent_intrusion','flood_typhoon','shelter_reception'));
--> statement-breakpoint
-- custom (hand-written)
-- Warnings (预警提示, issue 21; 000 item 10): who reads them, who issues them (the bureau, a town for
-- its own schools), who signs for a school and reports what it did.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_admin', 'warning.read'), ('bureau_admin', 'warning.issue'),
  -- The administrator appoints principals and safety officers: a role is granted only by someone holding its permissions.
  ('bureau_admin', 'warning.sign'),
  ('bureau_leader', 'warning.read'), ('bureau_leader', 'warning.issue'),
  ('department_officer', 'warning.read'),
  ('town_officer', 'warning.read'), ('town_officer', 'warning.issue'),
  ('principal', 'warning.read'), ('principal', 'warning.sign'),
  ('school_safety_officer', 'warning.read'), ('school_safety_officer', 'warning.sign')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The compliance rollup reads warnings' targets and receipts (rule warning.signed_on_time): a new
-- target or a signature marks the school for evaluation again, like the ledgers of 0009 and 0034.
DO $$
BEGIN
  CREATE TRIGGER warning_targets_dirty_ins AFTER INSERT ON warning_targets REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER warning_receipts_dirty_ins AFTER INSERT ON warning_receipts REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
END $$;
