CREATE TABLE "bullying_case_pupils" (
	"case_id" integer NOT NULL,
	"care_record_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"pupil_role" text NOT NULL,
	CONSTRAINT "bullying_case_pupils_case_id_care_record_id_pk" PRIMARY KEY("case_id","care_record_id"),
	CONSTRAINT "bullying_case_pupils_role_ck" CHECK ("bullying_case_pupils"."pupil_role" in ('target','actor','bystander'))
);
--> statement-breakpoint
CREATE TABLE "bullying_cases" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"reported_on" date NOT NULL,
	"report_channel" text NOT NULL,
	"reporter_enc" text NOT NULL,
	"occurred_on" date NOT NULL,
	"place" text NOT NULL,
	"summary_enc" text NOT NULL,
	"injury" boolean DEFAULT false NOT NULL,
	"violence" boolean DEFAULT false NOT NULL,
	"incident_id" integer,
	"inquiry_days" integer NOT NULL,
	"inquiry_due_on" date NOT NULL,
	"status" text DEFAULT 'inquiry' NOT NULL,
	"is_bullying" boolean,
	"reasons_enc" text,
	"determined_by" integer,
	"determined_by_name" text,
	"determined_role" text,
	"determined_at" timestamp with time zone,
	"measures" text[] DEFAULT '{}'::text[] NOT NULL,
	"admonished_by" text,
	"social_worker" text,
	"handling_enc" text,
	"handled_on" date,
	"closed_on" date,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bullying_cases_status_ck" CHECK ("bullying_cases"."status" in ('inquiry','determined','handled','closed')),
	CONSTRAINT "bullying_cases_determined_ck" CHECK (("bullying_cases"."status" = 'inquiry') = ("bullying_cases"."is_bullying" is null)),
	CONSTRAINT "bullying_cases_sealed_ck" CHECK ("bullying_cases"."reporter_enc" like 'v1.%' and "bullying_cases"."summary_enc" like 'v1.%' and ("bullying_cases"."reasons_enc" is null or "bullying_cases"."reasons_enc" like 'v1.%') and ("bullying_cases"."handling_enc" is null or "bullying_cases"."handling_enc" like 'v1.%'))
);
--> statement-breakpoint
CREATE TABLE "bullying_committee_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"user_id" integer NOT NULL,
	"committee_role" text NOT NULL,
	"appointed_by" integer NOT NULL,
	"appointed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_by" integer,
	"removed_at" timestamp with time zone,
	CONSTRAINT "bullying_committee_role_ck" CHECK ("bullying_committee_members"."committee_role" in ('chair','vice_chair','legal_vice_principal','counsellor','member'))
);
--> statement-breakpoint
CREATE TABLE "bullying_follow_ups" (
	"id" serial PRIMARY KEY NOT NULL,
	"case_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"note_enc" text NOT NULL,
	"by_user_id" integer NOT NULL,
	"by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bullying_follow_ups_sealed_ck" CHECK ("bullying_follow_ups"."note_enc" like 'v1.%')
);
--> statement-breakpoint
CREATE TABLE "bullying_help_lines" (
	"school_id" integer PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"phone" text NOT NULL,
	"hours" text NOT NULL,
	"contacts" jsonb NOT NULL,
	"updated_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bullying_meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"held_on" date NOT NULL,
	"topic" text NOT NULL,
	"minutes_file_id" integer,
	"attendees" integer NOT NULL,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bullying_meetings_attendees_ck" CHECK ("bullying_meetings"."attendees" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "bullying_screenings" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"screened_on" date NOT NULL,
	"grade" integer NOT NULL,
	"class_name" text NOT NULL,
	"pupils" integer NOT NULL,
	"signs_found" integer NOT NULL,
	"follow_up_needed" integer NOT NULL,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bullying_screenings_grade_ck" CHECK ("bullying_screenings"."grade" between 1 and 12),
	CONSTRAINT "bullying_screenings_counts_ck" CHECK ("bullying_screenings"."pupils" >= 1 and "bullying_screenings"."signs_found" between 0 and "bullying_screenings"."pupils" and "bullying_screenings"."follow_up_needed" between 0 and "bullying_screenings"."signs_found")
);
--> statement-breakpoint
ALTER TABLE "bullying_case_pupils" ADD CONSTRAINT "bullying_case_pupils_case_id_bullying_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."bullying_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_case_pupils" ADD CONSTRAINT "bullying_case_pupils_care_record_id_care_records_id_fk" FOREIGN KEY ("care_record_id") REFERENCES "public"."care_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_cases" ADD CONSTRAINT "bullying_cases_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_cases" ADD CONSTRAINT "bullying_cases_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_cases" ADD CONSTRAINT "bullying_cases_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_cases" ADD CONSTRAINT "bullying_cases_determined_by_users_id_fk" FOREIGN KEY ("determined_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_cases" ADD CONSTRAINT "bullying_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_committee_members" ADD CONSTRAINT "bullying_committee_members_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_committee_members" ADD CONSTRAINT "bullying_committee_members_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_committee_members" ADD CONSTRAINT "bullying_committee_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_committee_members" ADD CONSTRAINT "bullying_committee_members_appointed_by_users_id_fk" FOREIGN KEY ("appointed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_committee_members" ADD CONSTRAINT "bullying_committee_members_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_follow_ups" ADD CONSTRAINT "bullying_follow_ups_case_id_bullying_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."bullying_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_follow_ups" ADD CONSTRAINT "bullying_follow_ups_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_help_lines" ADD CONSTRAINT "bullying_help_lines_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_help_lines" ADD CONSTRAINT "bullying_help_lines_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_meetings" ADD CONSTRAINT "bullying_meetings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_meetings" ADD CONSTRAINT "bullying_meetings_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_meetings" ADD CONSTRAINT "bullying_meetings_minutes_file_id_files_id_fk" FOREIGN KEY ("minutes_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_meetings" ADD CONSTRAINT "bullying_meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_screenings" ADD CONSTRAINT "bullying_screenings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_screenings" ADD CONSTRAINT "bullying_screenings_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bullying_screenings" ADD CONSTRAINT "bullying_screenings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bullying_case_pupils_record_idx" ON "bullying_case_pupils" USING btree ("care_record_id");--> statement-breakpoint
CREATE INDEX "bullying_cases_school_idx" ON "bullying_cases" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "bullying_cases_due_idx" ON "bullying_cases" USING btree ("district_id","inquiry_due_on") WHERE "bullying_cases"."status" = 'inquiry';--> statement-breakpoint
CREATE INDEX "bullying_cases_path_idx" ON "bullying_cases" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "bullying_committee_active_uq" ON "bullying_committee_members" USING btree ("school_id","user_id") WHERE "bullying_committee_members"."removed_at" is null;--> statement-breakpoint
CREATE INDEX "bullying_committee_user_idx" ON "bullying_committee_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "bullying_follow_ups_case_idx" ON "bullying_follow_ups" USING btree ("case_id","held_on");--> statement-breakpoint
CREATE INDEX "bullying_meetings_school_idx" ON "bullying_meetings" USING btree ("school_id","held_on");--> statement-breakpoint
CREATE INDEX "bullying_screenings_school_idx" ON "bullying_screenings" USING btree ("school_id","screened_on");
--> statement-breakpoint
-- custom (hand-written)
-- Bullying and violence (issue 22). bullying.manage: the principal appoints the committee and sets the
-- help line; the cases themselves are seen by the school's care circle and the committee members (a
-- circle per person, src/server/bullying/circle.ts). bullying.summary: counts per school, never a name.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('principal', 'bullying.manage'),
  ('principal', 'bullying.summary'),
  -- The administrator appoints principals, so holds what it grants (src/domain/roles.ts); bullying.manage
  -- acts only on the person's own school, so nothing at the bureau.
  ('bureau_admin', 'bullying.manage'),
  ('bureau_admin', 'bullying.summary'),
  ('bureau_leader', 'bullying.summary'),
  ('department_officer', 'bullying.summary'),
  ('town_officer', 'bullying.summary')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Compliance reads the screenings (a screening each term, 001 item 10) and the cases' inquiry deadlines:
-- a change marks the school for evaluation again, as for the other ledgers (migration 0009).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('bullying_screenings', 'school_id'), ('bullying_cases', 'school_id')) AS v(tab, col) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_ins', t.tab, t.col);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_upd', t.tab, t.col);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_del', t.tab, t.col);
  END LOOP;
END $$;
