CREATE TABLE "insurance_policies" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"policy_no" text NOT NULL,
	"insurer" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"students_covered" integer NOT NULL,
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
	CONSTRAINT "insurance_policies_status_ck" CHECK ("insurance_policies"."status" in ('recorded','voided')),
	CONSTRAINT "insurance_policies_span_ck" CHECK ("insurance_policies"."ends_on" >= "insurance_policies"."starts_on"),
	CONSTRAINT "insurance_policies_students_ck" CHECK ("insurance_policies"."students_covered" > 0)
);
--> statement-breakpoint
CREATE TABLE "safety_meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"meeting_on" date NOT NULL,
	"level" text NOT NULL,
	"chair" text NOT NULL,
	"attendees" text[] NOT NULL,
	"minutes" text NOT NULL,
	"decisions" text,
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
	CONSTRAINT "safety_meetings_status_ck" CHECK ("safety_meetings"."status" in ('recorded','voided')),
	CONSTRAINT "safety_meetings_level_ck" CHECK ("safety_meetings"."level" in ('leadership_team','leader_in_charge'))
);
--> statement-breakpoint
CREATE TABLE "staff_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"user_id" integer,
	"name" text NOT NULL,
	"posts" jsonb NOT NULL,
	"left_on" date,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "trainings" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"staff_id" integer NOT NULL,
	"course" text NOT NULL,
	"hours" numeric(6, 1) NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"provider" text NOT NULL,
	"certificate_file_id" integer,
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
	CONSTRAINT "trainings_status_ck" CHECK ("trainings"."status" in ('recorded','voided')),
	CONSTRAINT "trainings_span_ck" CHECK ("trainings"."ends_on" >= "trainings"."starts_on"),
	CONSTRAINT "trainings_hours_ck" CHECK ("trainings"."hours" > 0 and "trainings"."hours" <= 24 * ("trainings"."ends_on" - "trainings"."starts_on" + 1))
);
--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_policies" ADD CONSTRAINT "insurance_policies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_meetings" ADD CONSTRAINT "safety_meetings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_meetings" ADD CONSTRAINT "safety_meetings_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_meetings" ADD CONSTRAINT "safety_meetings_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_meetings" ADD CONSTRAINT "safety_meetings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainings" ADD CONSTRAINT "trainings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainings" ADD CONSTRAINT "trainings_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainings" ADD CONSTRAINT "trainings_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainings" ADD CONSTRAINT "trainings_certificate_file_id_files_id_fk" FOREIGN KEY ("certificate_file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainings" ADD CONSTRAINT "trainings_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trainings" ADD CONSTRAINT "trainings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "insurance_policies_no_uq" ON "insurance_policies" USING btree ("district_id","policy_no") WHERE "insurance_policies"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "insurance_policies_district_end_idx" ON "insurance_policies" USING btree ("district_id","ends_on") WHERE "insurance_policies"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "insurance_policies_school_idx" ON "insurance_policies" USING btree ("school_id","starts_on");--> statement-breakpoint
CREATE INDEX "insurance_policies_path_idx" ON "insurance_policies" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "safety_meetings_district_day_idx" ON "safety_meetings" USING btree ("district_id","meeting_on") WHERE "safety_meetings"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "safety_meetings_school_day_idx" ON "safety_meetings" USING btree ("school_id","meeting_on");--> statement-breakpoint
CREATE INDEX "safety_meetings_path_idx" ON "safety_meetings" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "staff_members_user_uq" ON "staff_members" USING btree ("school_id","user_id") WHERE "staff_members"."user_id" is not null;--> statement-breakpoint
CREATE INDEX "staff_members_school_idx" ON "staff_members" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "staff_members_path_idx" ON "staff_members" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "trainings_district_day_idx" ON "trainings" USING btree ("district_id","ends_on") WHERE "trainings"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "trainings_staff_day_idx" ON "trainings" USING btree ("staff_id","ends_on");--> statement-breakpoint
CREATE INDEX "trainings_path_idx" ON "trainings" USING btree ("school_path" text_pattern_ops);