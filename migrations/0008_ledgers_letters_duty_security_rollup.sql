CREATE TABLE "compliance_dirty" (
	"unit_id" integer PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_findings" (
	"district_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"rule_code" text NOT NULL,
	"status" text NOT NULL,
	"period" jsonb,
	"value" numeric,
	"target" numeric,
	"due_on" date,
	"record_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"explanation" text NOT NULL,
	CONSTRAINT "compliance_findings_unit_id_rule_code_pk" PRIMARY KEY("unit_id","rule_code")
);
--> statement-breakpoint
CREATE TABLE "compliance_rollups" (
	"district_id" integer PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"pack_version" integer NOT NULL,
	"inputs_stamp" text NOT NULL,
	"evaluated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "duty_entries" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"roster_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"duty_on" date NOT NULL,
	"role" text NOT NULL,
	"staff_id" integer,
	"user_id" integer,
	"person_name" text NOT NULL,
	"phone" text,
	"hours" numeric(4, 1) NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" integer,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_entries_role_ck" CHECK ("duty_entries"."role" in ('leader','staff')),
	CONSTRAINT "duty_entries_hours_ck" CHECK ("duty_entries"."hours" > 0 and "duty_entries"."hours" <= 24)
);
--> statement-breakpoint
CREATE TABLE "duty_rosters" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"title" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"key_period_id" integer,
	"phone" text,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "duty_rosters_span_ck" CHECK ("duty_rosters"."ends_on" >= "duty_rosters"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "letter_signatures" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"letter_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"staff_id" integer,
	"signer_name" text NOT NULL,
	"signer_user_id" integer,
	"signed_on" date NOT NULL,
	"method" text NOT NULL,
	"file_id" integer,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "letter_signatures_method_ck" CHECK ("letter_signatures"."method" in ('file','in_app'))
);
--> statement-breakpoint
CREATE TABLE "responsibility_letters" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"issuer_unit_id" integer NOT NULL,
	"issuer_path" text NOT NULL,
	"level" text NOT NULL,
	"year" integer NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"title" text NOT NULL,
	"body" text,
	"file_id" integer,
	"published_on" date NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"withdraw_reason" text,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "responsibility_letters_level_ck" CHECK ("responsibility_letters"."level" in ('bureau_to_unit','unit_to_staff')),
	CONSTRAINT "responsibility_letters_status_ck" CHECK ("responsibility_letters"."status" in ('published','withdrawn')),
	CONSTRAINT "responsibility_letters_revision_ck" CHECK ("responsibility_letters"."revision" >= 1)
);
--> statement-breakpoint
CREATE TABLE "security_profiles" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"recorded_on" date NOT NULL,
	"gates" jsonb NOT NULL,
	"alarms_installed" integer NOT NULL,
	"alarms_working" integer NOT NULL,
	"alarms_last_tested_on" date,
	"video_retention_days" integer NOT NULL,
	"video_linked_to_bureau" boolean NOT NULL,
	"perimeter_installed" boolean NOT NULL,
	"perimeter_armed_24h" boolean NOT NULL,
	"note" text,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "security_profiles_alarms_ck" CHECK ("security_profiles"."alarms_installed" >= 0 and "security_profiles"."alarms_working" >= 0 and "security_profiles"."alarms_working" <= "security_profiles"."alarms_installed"),
	CONSTRAINT "security_profiles_video_ck" CHECK ("security_profiles"."video_retention_days" >= 0)
);
--> statement-breakpoint
ALTER TABLE "compliance_dirty" ADD CONSTRAINT "compliance_dirty_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_findings" ADD CONSTRAINT "compliance_findings_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_rollups" ADD CONSTRAINT "compliance_rollups_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_entries" ADD CONSTRAINT "duty_entries_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_entries" ADD CONSTRAINT "duty_entries_roster_id_duty_rosters_id_fk" FOREIGN KEY ("roster_id") REFERENCES "public"."duty_rosters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_entries" ADD CONSTRAINT "duty_entries_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_entries" ADD CONSTRAINT "duty_entries_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_entries" ADD CONSTRAINT "duty_entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_entries" ADD CONSTRAINT "duty_entries_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_rosters" ADD CONSTRAINT "duty_rosters_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_rosters" ADD CONSTRAINT "duty_rosters_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_rosters" ADD CONSTRAINT "duty_rosters_key_period_id_key_periods_id_fk" FOREIGN KEY ("key_period_id") REFERENCES "public"."key_periods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duty_rosters" ADD CONSTRAINT "duty_rosters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_signatures" ADD CONSTRAINT "letter_signatures_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_signatures" ADD CONSTRAINT "letter_signatures_letter_id_responsibility_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."responsibility_letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_signatures" ADD CONSTRAINT "letter_signatures_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_signatures" ADD CONSTRAINT "letter_signatures_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_signatures" ADD CONSTRAINT "letter_signatures_signer_user_id_users_id_fk" FOREIGN KEY ("signer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_signatures" ADD CONSTRAINT "letter_signatures_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "letter_signatures" ADD CONSTRAINT "letter_signatures_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibility_letters" ADD CONSTRAINT "responsibility_letters_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibility_letters" ADD CONSTRAINT "responsibility_letters_issuer_unit_id_units_id_fk" FOREIGN KEY ("issuer_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibility_letters" ADD CONSTRAINT "responsibility_letters_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "responsibility_letters" ADD CONSTRAINT "responsibility_letters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_profiles" ADD CONSTRAINT "security_profiles_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_profiles" ADD CONSTRAINT "security_profiles_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_profiles" ADD CONSTRAINT "security_profiles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "compliance_findings_district_idx" ON "compliance_findings" USING btree ("district_id","status");--> statement-breakpoint
CREATE INDEX "compliance_findings_path_idx" ON "compliance_findings" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "duty_entries_day_role_uq" ON "duty_entries" USING btree ("school_id","duty_on","role");--> statement-breakpoint
CREATE INDEX "duty_entries_district_day_idx" ON "duty_entries" USING btree ("district_id","duty_on");--> statement-breakpoint
CREATE INDEX "duty_entries_roster_idx" ON "duty_entries" USING btree ("roster_id","duty_on");--> statement-breakpoint
CREATE INDEX "duty_entries_path_idx" ON "duty_entries" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "duty_rosters_school_idx" ON "duty_rosters" USING btree ("school_id","starts_on");--> statement-breakpoint
CREATE INDEX "duty_rosters_path_idx" ON "duty_rosters" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "letter_signatures_unit_uq" ON "letter_signatures" USING btree ("letter_id","unit_id") WHERE "letter_signatures"."staff_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "letter_signatures_staff_uq" ON "letter_signatures" USING btree ("letter_id","staff_id") WHERE "letter_signatures"."staff_id" is not null;--> statement-breakpoint
CREATE INDEX "letter_signatures_path_idx" ON "letter_signatures" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "responsibility_letters_rev_uq" ON "responsibility_letters" USING btree ("issuer_unit_id","level","year","revision");--> statement-breakpoint
CREATE INDEX "responsibility_letters_district_idx" ON "responsibility_letters" USING btree ("district_id","year");--> statement-breakpoint
CREATE INDEX "responsibility_letters_path_idx" ON "responsibility_letters" USING btree ("issuer_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "security_profiles_school_idx" ON "security_profiles" USING btree ("school_id","recorded_on");--> statement-breakpoint
CREATE INDEX "security_profiles_path_idx" ON "security_profiles" USING btree ("school_path" text_pattern_ops);