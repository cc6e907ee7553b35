CREATE TABLE "education_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"status" text DEFAULT 'recorded' NOT NULL,
	"void_reason" text,
	"voided_by" integer,
	"voided_at" timestamp with time zone,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"person" text NOT NULL,
	"education_day" text,
	"title" text,
	"classes_reached" integer,
	"participants" integer,
	"dormitory" text,
	"expected" integer,
	"present" integer,
	"absent_without_leave" integer,
	"parents_notified" integer,
	"classes_total" integer,
	"classes_acknowledged" integer,
	"students_total" integer,
	"students_acknowledged" integer,
	"summary" text,
	CONSTRAINT "education_records_status_ck" CHECK ("education_records"."status" in ('recorded','voided')),
	CONSTRAINT "education_records_kind_ck" CHECK ("education_records"."kind" in ('activity','roll_call','drowning_letter')),
	CONSTRAINT "education_records_counts_ck" CHECK (coalesce("education_records"."classes_reached",0) >= 0 and coalesce("education_records"."participants",0) >= 0 and coalesce("education_records"."expected",0) >= 0 and coalesce("education_records"."present",0) >= 0 and coalesce("education_records"."absent_without_leave",0) >= 0 and coalesce("education_records"."parents_notified",0) >= 0 and coalesce("education_records"."classes_total",0) >= 0 and coalesce("education_records"."classes_acknowledged",0) >= 0 and coalesce("education_records"."students_total",0) >= 0 and coalesce("education_records"."students_acknowledged",0) >= 0),
	CONSTRAINT "education_records_ack_ck" CHECK (coalesce("education_records"."classes_acknowledged",0) <= coalesce("education_records"."classes_total",0) and coalesce("education_records"."students_acknowledged",0) <= coalesce("education_records"."students_total",0))
);
--> statement-breakpoint
CREATE TABLE "food_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"status" text DEFAULT 'recorded' NOT NULL,
	"void_reason" text,
	"voided_by" integer,
	"voided_at" timestamp with time zone,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"recorded_on" date NOT NULL,
	"person" text NOT NULL,
	"staff_checked" integer,
	"staff_unwell" integer,
	"samples_kept" integer,
	"sample_grams" integer,
	"sample_hours" integer,
	"finding_count" integer,
	"meal" text,
	"certificate_type" text,
	"certificate_no" text,
	"expires_on" date,
	"bright_kitchen_online" boolean,
	"traceability_online" boolean,
	"summary" text,
	CONSTRAINT "food_records_status_ck" CHECK ("food_records"."status" in ('recorded','voided')),
	CONSTRAINT "food_records_kind_ck" CHECK ("food_records"."kind" in ('daily_check','weekly_check','monthly_dispatch','accompanied_meal','certificate','platform_status')),
	CONSTRAINT "food_records_counts_ck" CHECK (coalesce("food_records"."staff_checked",0) >= 0 and coalesce("food_records"."staff_unwell",0) >= 0 and coalesce("food_records"."samples_kept",0) >= 0 and coalesce("food_records"."sample_grams",0) >= 0 and coalesce("food_records"."sample_hours",0) >= 0 and coalesce("food_records"."finding_count",0) >= 0),
	CONSTRAINT "food_records_certificate_ck" CHECK ("food_records"."kind" <> 'certificate' or ("food_records"."expires_on" is not null and "food_records"."certificate_type" is not null)),
	CONSTRAINT "food_records_platform_ck" CHECK ("food_records"."kind" <> 'platform_status' or ("food_records"."bright_kitchen_online" is not null and "food_records"."traceability_online" is not null))
);
--> statement-breakpoint
CREATE TABLE "gate_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"status" text DEFAULT 'recorded' NOT NULL,
	"void_reason" text,
	"voided_by" integer,
	"voided_at" timestamp with time zone,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"recorded_on" date NOT NULL,
	"guard_name" text NOT NULL,
	"visitor_name" text,
	"id_number_masked" text,
	"id_checked" boolean,
	"phone" text,
	"organisation" text,
	"purpose" text,
	"host_name" text,
	"escort_name" text,
	"plate" text,
	"driver_name" text,
	"admitted" boolean,
	"refusal_reason" text,
	"arrived_at" timestamp with time zone,
	"left_at" timestamp with time zone,
	"arrival_teachers" integer,
	"arrival_guards" integer,
	"dismissal_teachers" integer,
	"dismissal_guards" integer,
	"on_duty" text,
	"note" text,
	CONSTRAINT "gate_records_status_ck" CHECK ("gate_records"."status" in ('recorded','voided')),
	CONSTRAINT "gate_records_kind_ck" CHECK ("gate_records"."kind" in ('visitor','vehicle','guard_post')),
	CONSTRAINT "gate_records_left_ck" CHECK ("gate_records"."left_at" is null or "gate_records"."arrived_at" is null or "gate_records"."left_at" >= "gate_records"."arrived_at"),
	CONSTRAINT "gate_records_refusal_ck" CHECK ("gate_records"."admitted" is distinct from false or "gate_records"."refusal_reason" is not null),
	CONSTRAINT "gate_records_post_ck" CHECK (coalesce("gate_records"."arrival_teachers",0) >= 0 and coalesce("gate_records"."arrival_guards",0) >= 0 and coalesce("gate_records"."dismissal_teachers",0) >= 0 and coalesce("gate_records"."dismissal_guards",0) >= 0)
);
--> statement-breakpoint
CREATE TABLE "health_checks" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"status" text DEFAULT 'recorded' NOT NULL,
	"void_reason" text,
	"voided_by" integer,
	"voided_at" timestamp with time zone,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_on" date NOT NULL,
	"session" text NOT NULL,
	"class_name" text NOT NULL,
	"checker_name" text NOT NULL,
	"enrolled" integer NOT NULL,
	"absent" integer NOT NULL,
	"absent_ill" integer NOT NULL,
	"symptoms" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ill_cases" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	CONSTRAINT "health_checks_status_ck" CHECK ("health_checks"."status" in ('recorded','voided')),
	CONSTRAINT "health_checks_session_ck" CHECK ("health_checks"."session" in ('morning','noon')),
	CONSTRAINT "health_checks_counts_ck" CHECK ("health_checks"."enrolled" > 0 and "health_checks"."absent" >= 0 and "health_checks"."absent_ill" >= 0 and "health_checks"."absent" <= "health_checks"."enrolled" and "health_checks"."absent_ill" <= "health_checks"."absent")
);
--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "canteen" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "education_records" ADD CONSTRAINT "education_records_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "education_records" ADD CONSTRAINT "education_records_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "education_records" ADD CONSTRAINT "education_records_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "education_records" ADD CONSTRAINT "education_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "food_records" ADD CONSTRAINT "food_records_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "food_records" ADD CONSTRAINT "food_records_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "food_records" ADD CONSTRAINT "food_records_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "food_records" ADD CONSTRAINT "food_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_records" ADD CONSTRAINT "gate_records_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_records" ADD CONSTRAINT "gate_records_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_records" ADD CONSTRAINT "gate_records_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_records" ADD CONSTRAINT "gate_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_checks" ADD CONSTRAINT "health_checks_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_checks" ADD CONSTRAINT "health_checks_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_checks" ADD CONSTRAINT "health_checks_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_checks" ADD CONSTRAINT "health_checks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "education_records_school_idx" ON "education_records" USING btree ("school_id","kind","held_on");--> statement-breakpoint
CREATE INDEX "education_records_district_idx" ON "education_records" USING btree ("district_id","held_on");--> statement-breakpoint
CREATE INDEX "education_records_path_idx" ON "education_records" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "food_records_school_idx" ON "food_records" USING btree ("school_id","kind","recorded_on");--> statement-breakpoint
CREATE INDEX "food_records_district_idx" ON "food_records" USING btree ("district_id","recorded_on");--> statement-breakpoint
CREATE INDEX "food_records_path_idx" ON "food_records" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "gate_records_school_idx" ON "gate_records" USING btree ("school_id","kind","recorded_on");--> statement-breakpoint
CREATE INDEX "gate_records_district_idx" ON "gate_records" USING btree ("district_id","recorded_on");--> statement-breakpoint
CREATE INDEX "gate_records_path_idx" ON "gate_records" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "health_checks_class_uq" ON "health_checks" USING btree ("school_id","checked_on","session","class_name") WHERE "health_checks"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "health_checks_district_idx" ON "health_checks" USING btree ("district_id","checked_on");--> statement-breakpoint
CREATE INDEX "health_checks_path_idx" ON "health_checks" USING btree ("school_path" text_pattern_ops);
--> statement-breakpoint
-- custom (hand-written)
-- Issue 15: the gate guard (门卫保安) is a school role that keeps the gate log on a phone; the gate log and
-- the daily health checks have their own permissions so that guards and class teachers record them
-- without writing the other ledgers. Everyone who writes the ledgers records them too.
INSERT INTO roles (key, name, scope, unit_kinds, sort) VALUES ('gate_guard', '门卫保安', 'unit', '{school}', 9);
--> statement-breakpoint
INSERT INTO role_permissions (role_key, permission) VALUES
  ('gate_guard', 'ledger.read'), ('gate_guard', 'gate.record'),
  ('teacher', 'health_check.record'),
  ('principal', 'gate.record'), ('principal', 'health_check.record'),
  ('school_safety_officer', 'gate.record'), ('school_safety_officer', 'health_check.record'),
  ('town_officer', 'gate.record'), ('town_officer', 'health_check.record'),
  ('bureau_admin', 'gate.record'), ('bureau_admin', 'health_check.record');
--> statement-breakpoint
-- The compliance rollup reads these ledgers: a change marks the school (as migration 0009 does for the others).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('food_records'), ('gate_records'), ('health_checks'), ('education_records')) AS v(tab) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_ins', t.tab, 'school_id');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_upd', t.tab, 'school_id');
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_del', t.tab, 'school_id');
  END LOOP;
END $$;
