CREATE TABLE "care_carers" (
	"record_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"assigned_by" integer NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_carers_record_id_user_id_pk" PRIMARY KEY("record_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "care_follow_ups" (
	"id" serial PRIMARY KEY NOT NULL,
	"record_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"method" text NOT NULL,
	"note_enc" text NOT NULL,
	"by_user_id" integer NOT NULL,
	"by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_follow_ups_sealed_ck" CHECK ("care_follow_ups"."note_enc" like 'v1.%')
);
--> statement-breakpoint
CREATE TABLE "care_purge_counts" (
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"school_year" text NOT NULL,
	"close_reason" text NOT NULL,
	"records" integer NOT NULL,
	"follow_ups" integer NOT NULL,
	CONSTRAINT "care_purge_counts_school_id_school_year_close_reason_pk" PRIMARY KEY("school_id","school_year","close_reason")
);
--> statement-breakpoint
CREATE TABLE "care_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"name_enc" text,
	"name_hash" text,
	"note_enc" text,
	"measures_enc" text,
	"contact_enc" text,
	"grade" integer NOT NULL,
	"class_name" text NOT NULL,
	"kinds" text[] NOT NULL,
	"band" text,
	"consent" text DEFAULT 'not_needed' NOT NULL,
	"consent_on" date,
	"opened_on" date NOT NULL,
	"follow_up_days" integer DEFAULT 30 NOT NULL,
	"last_follow_up_on" date,
	"next_due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_on" date,
	"close_reason" text,
	"purge_on" date,
	"created_by" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_records_status_ck" CHECK ("care_records"."status" in ('open','closed')),
	CONSTRAINT "care_records_grade_ck" CHECK ("care_records"."grade" between 1 and 12),
	CONSTRAINT "care_records_days_ck" CHECK ("care_records"."follow_up_days" between 7 and 90),
	CONSTRAINT "care_records_closed_ck" CHECK (("care_records"."status" = 'closed') = ("care_records"."closed_on" is not null)),
	CONSTRAINT "care_records_consent_ck" CHECK ("care_records"."consent" in ('not_needed','pending','given','refused')),
	CONSTRAINT "care_records_sealed_ck" CHECK (("care_records"."name_enc" is null or "care_records"."name_enc" like 'v1.%') and ("care_records"."note_enc" is null or "care_records"."note_enc" like 'v1.%') and ("care_records"."measures_enc" is null or "care_records"."measures_enc" like 'v1.%') and ("care_records"."contact_enc" is null or "care_records"."contact_enc" like 'v1.%'))
);
--> statement-breakpoint
CREATE TABLE "care_screenings" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"grade" integer NOT NULL,
	"class_name" text NOT NULL,
	"screened_on" date NOT NULL,
	"instrument" text NOT NULL,
	"screened" integer NOT NULL,
	"not_screened" integer DEFAULT 0 NOT NULL,
	"not_screened_reason" text,
	"bands" jsonb NOT NULL,
	"status" text DEFAULT 'recorded' NOT NULL,
	"void_reason" text,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_screenings_status_ck" CHECK ("care_screenings"."status" in ('recorded','voided')),
	CONSTRAINT "care_screenings_grade_ck" CHECK ("care_screenings"."grade" between 1 and 12),
	CONSTRAINT "care_screenings_counts_ck" CHECK ("care_screenings"."screened" >= 0 and "care_screenings"."not_screened" >= 0)
);
--> statement-breakpoint
CREATE TABLE "care_settings" (
	"district_id" integer PRIMARY KEY NOT NULL,
	"retention_extra_years" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "care_staff" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"user_id" integer NOT NULL,
	"granted_by" integer NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_by" integer,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "care_carers" ADD CONSTRAINT "care_carers_record_id_care_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."care_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_carers" ADD CONSTRAINT "care_carers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_carers" ADD CONSTRAINT "care_carers_assigned_by_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_follow_ups" ADD CONSTRAINT "care_follow_ups_record_id_care_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."care_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_follow_ups" ADD CONSTRAINT "care_follow_ups_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_purge_counts" ADD CONSTRAINT "care_purge_counts_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_records" ADD CONSTRAINT "care_records_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_records" ADD CONSTRAINT "care_records_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_records" ADD CONSTRAINT "care_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_screenings" ADD CONSTRAINT "care_screenings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_screenings" ADD CONSTRAINT "care_screenings_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_screenings" ADD CONSTRAINT "care_screenings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_settings" ADD CONSTRAINT "care_settings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_staff" ADD CONSTRAINT "care_staff_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_staff" ADD CONSTRAINT "care_staff_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_staff" ADD CONSTRAINT "care_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_staff" ADD CONSTRAINT "care_staff_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_staff" ADD CONSTRAINT "care_staff_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_carers_user_idx" ON "care_carers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "care_follow_ups_record_idx" ON "care_follow_ups" USING btree ("record_id","held_on");--> statement-breakpoint
CREATE INDEX "care_records_school_idx" ON "care_records" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "care_records_name_idx" ON "care_records" USING btree ("school_id","name_hash");--> statement-breakpoint
CREATE INDEX "care_records_due_idx" ON "care_records" USING btree ("district_id","next_due_on") WHERE "care_records"."status" = 'open';--> statement-breakpoint
CREATE INDEX "care_records_purge_idx" ON "care_records" USING btree ("purge_on") WHERE "care_records"."status" = 'closed';--> statement-breakpoint
CREATE INDEX "care_records_path_idx" ON "care_records" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "care_screenings_school_day_idx" ON "care_screenings" USING btree ("school_id","screened_on");--> statement-breakpoint
CREATE INDEX "care_screenings_district_day_idx" ON "care_screenings" USING btree ("district_id","screened_on") WHERE "care_screenings"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "care_screenings_path_idx" ON "care_screenings" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "care_staff_active_uq" ON "care_staff" USING btree ("school_id","user_id") WHERE "care_staff"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "care_staff_user_idx" ON "care_staff" USING btree ("user_id");
--> statement-breakpoint
-- custom (hand-written)
-- Students of concern (issue 16). care.manage: the principal names the school's care staff and
-- assigns carers; the circle itself is per person (care_staff, care_carers), not per role.
-- care.summary: counts per school, kind, band and coverage, never a name.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('principal', 'care.manage'),
  ('principal', 'care.summary'),
  ('bureau_leader', 'care.summary'),
  ('bureau_admin', 'care.summary'),
  -- The administrator appoints principals, so holds what it grants (src/domain/roles.ts); care.manage
  -- opens a school's ledger only to a person of that school (care/circle.ts), so nothing at the bureau.
  ('bureau_admin', 'care.manage'),
  ('department_officer', 'care.summary'),
  ('town_officer', 'care.summary')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Compliance reads screenings (001 item 9) and the open records' next follow-up day (001 item 20):
-- a change marks the school for evaluation again, as for the other ledgers (migration 0009).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('care_screenings', 'school_id'), ('care_records', 'school_id')) AS v(tab, col) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_ins', t.tab, t.col);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_upd', t.tab, t.col);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_del', t.tab, t.col);
  END LOOP;
END $$;
