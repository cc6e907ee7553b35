CREATE TABLE "accountability_decisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"measure" text NOT NULL,
	"decided_on" date NOT NULL,
	"document_no" text,
	"subject_name" text,
	"subject_post" text,
	"reason" text NOT NULL,
	"notice_id" integer,
	"interview_id" integer,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accountability_decisions_measure_ck" CHECK ("accountability_decisions"."measure" in ('criticism_notice','interview','admonishment','written_check','order_rectification','award_disqualification','organisational','discipline_referral'))
);
--> statement-breakpoint
CREATE TABLE "interview_commitments" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"interview_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"seq" integer NOT NULL,
	"content" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"done_note" text,
	"done_file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"done_by_id" integer,
	"done_by_name" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "interviews" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"notice_id" integer,
	"held_on" date NOT NULL,
	"place" text,
	"interviewees" text NOT NULL,
	"interviewers" text NOT NULL,
	"reason" text NOT NULL,
	"minutes" text NOT NULL,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"created_by_id" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_records" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"notice_id" integer NOT NULL,
	"kind" text NOT NULL,
	"ref_id" integer NOT NULL,
	"ref_key" text DEFAULT '' NOT NULL,
	"unit_id" integer NOT NULL,
	"label" text NOT NULL,
	"occurred_on" date NOT NULL,
	"link" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_units" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"notice_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"person_name" text,
	"person_post" text,
	"reply_text" text,
	"reply_file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"replied_on" date,
	"replied_at" timestamp with time zone,
	"replied_by_id" integer,
	"replied_by_name" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"reason" text NOT NULL,
	"requirement" text,
	"reply_due_on" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"drafted_by_id" integer NOT NULL,
	"drafted_by_name" text NOT NULL,
	"drafted_unit_id" integer NOT NULL,
	"approved_by_id" integer,
	"approved_by_name" text,
	"approved_at" timestamp with time zone,
	"approval_comment" text,
	"published_by_id" integer,
	"published_by_name" text,
	"published_at" timestamp with time zone,
	"published_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notices_status_ck" CHECK ("notices"."status" in ('draft','approved','published')),
	CONSTRAINT "notices_approved_ck" CHECK ("notices"."status" = 'draft' or "notices"."approved_at" is not null),
	CONSTRAINT "notices_published_ck" CHECK ("notices"."status" <> 'published' or "notices"."published_on" is not null)
);
--> statement-breakpoint
ALTER TABLE "accountability_decisions" ADD CONSTRAINT "accountability_decisions_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accountability_decisions" ADD CONSTRAINT "accountability_decisions_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accountability_decisions" ADD CONSTRAINT "accountability_decisions_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accountability_decisions" ADD CONSTRAINT "accountability_decisions_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "public"."interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accountability_decisions" ADD CONSTRAINT "accountability_decisions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_commitments" ADD CONSTRAINT "interview_commitments_interview_id_interviews_id_fk" FOREIGN KEY ("interview_id") REFERENCES "public"."interviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interview_commitments" ADD CONSTRAINT "interview_commitments_done_by_id_users_id_fk" FOREIGN KEY ("done_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interviews" ADD CONSTRAINT "interviews_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_records" ADD CONSTRAINT "notice_records_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_records" ADD CONSTRAINT "notice_records_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_units" ADD CONSTRAINT "notice_units_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_units" ADD CONSTRAINT "notice_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_units" ADD CONSTRAINT "notice_units_replied_by_id_users_id_fk" FOREIGN KEY ("replied_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_drafted_by_id_users_id_fk" FOREIGN KEY ("drafted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_drafted_unit_id_units_id_fk" FOREIGN KEY ("drafted_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_approved_by_id_users_id_fk" FOREIGN KEY ("approved_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notices" ADD CONSTRAINT "notices_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accountability_decisions_district_idx" ON "accountability_decisions" USING btree ("district_id","decided_on");--> statement-breakpoint
CREATE INDEX "accountability_decisions_path_idx" ON "accountability_decisions" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "interview_commitments_seq_uq" ON "interview_commitments" USING btree ("interview_id","seq");--> statement-breakpoint
CREATE INDEX "interview_commitments_path_idx" ON "interview_commitments" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "interviews_district_idx" ON "interviews" USING btree ("district_id","held_on");--> statement-breakpoint
CREATE INDEX "interviews_path_idx" ON "interviews" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "notice_records_uq" ON "notice_records" USING btree ("notice_id","kind","ref_id","ref_key");--> statement-breakpoint
CREATE INDEX "notice_records_ref_idx" ON "notice_records" USING btree ("kind","ref_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notice_units_uq" ON "notice_units" USING btree ("notice_id","unit_id");--> statement-breakpoint
CREATE INDEX "notice_units_unit_idx" ON "notice_units" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "notice_units_path_idx" ON "notice_units" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "notices_code_uq" ON "notices" USING btree ("district_id","code");--> statement-breakpoint
CREATE INDEX "notices_district_idx" ON "notices" USING btree ("district_id","status","published_on");
--> statement-breakpoint
-- custom (hand-written)
-- Notices, interviews and accountability (issue 13): everyone who oversees or is overseen reads
-- them; the bureau's administrator and departments draft notices and record interviews and
-- decisions; only the bureau approves and publishes a notice (its leader or administrator); a
-- named town or school replies and reports its commitments done.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'accountability.read'), ('bureau_leader', 'accountability.approve'),
  ('bureau_admin', 'accountability.read'), ('bureau_admin', 'accountability.manage'), ('bureau_admin', 'accountability.approve'), ('bureau_admin', 'accountability.reply'),
  ('department_officer', 'accountability.read'), ('department_officer', 'accountability.manage'),
  ('town_officer', 'accountability.read'), ('town_officer', 'accountability.reply'),
  ('principal', 'accountability.read'), ('principal', 'accountability.reply'),
  ('school_safety_officer', 'accountability.read'), ('school_safety_officer', 'accountability.reply'),
  ('inspector', 'accountability.read')
ON CONFLICT DO NOTHING;
