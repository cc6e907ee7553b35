CREATE TABLE "leader_patch_schools" (
	"patch_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	CONSTRAINT "leader_patch_schools_patch_id_school_id_pk" PRIMARY KEY("patch_id","school_id")
);
--> statement-breakpoint
CREATE TABLE "leader_patches" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"year" integer NOT NULL,
	"holder_user_id" integer,
	"holder_unit_id" integer,
	"holder_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leader_patches_holder_ck" CHECK (("leader_patches"."holder_user_id" is null) <> ("leader_patches"."holder_unit_id" is null))
);
--> statement-breakpoint
CREATE TABLE "patch_visits" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"patch_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"visited_on" date NOT NULL,
	"note" text NOT NULL,
	"inspection_id" integer,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_summaries" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"unit_words" text NOT NULL,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_summaries_kind_ck" CHECK ("plan_summaries"."kind" in ('quarter','half','annual'))
);
--> statement-breakpoint
CREATE TABLE "plan_summary_returns" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"summary_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"text" text,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" integer,
	"submitted_by_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_summary_returns_status_ck" CHECK ("plan_summary_returns"."status" in ('pending','submitted'))
);
--> statement-breakpoint
CREATE TABLE "plan_task_units" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"task_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"lead" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"note" text,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"reported_at" timestamp with time zone,
	"reported_by" integer,
	"reported_by_name" text,
	"done_on" date,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_task_units_status_ck" CHECK ("plan_task_units"."status" in ('not_started','in_progress','done'))
);
--> statement-breakpoint
CREATE TABLE "plan_tasks" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"plan_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"quarter" integer NOT NULL,
	"text" text NOT NULL,
	"unit_words" text NOT NULL,
	"lead_unit_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_tasks_quarter_ck" CHECK ("plan_tasks"."quarter" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "work_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"points" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "work_plans_status_ck" CHECK ("work_plans"."status" in ('draft','published'))
);
--> statement-breakpoint
ALTER TABLE "leader_patch_schools" ADD CONSTRAINT "leader_patch_schools_patch_id_leader_patches_id_fk" FOREIGN KEY ("patch_id") REFERENCES "public"."leader_patches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leader_patch_schools" ADD CONSTRAINT "leader_patch_schools_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leader_patches" ADD CONSTRAINT "leader_patches_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leader_patches" ADD CONSTRAINT "leader_patches_holder_user_id_users_id_fk" FOREIGN KEY ("holder_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leader_patches" ADD CONSTRAINT "leader_patches_holder_unit_id_units_id_fk" FOREIGN KEY ("holder_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patch_visits" ADD CONSTRAINT "patch_visits_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patch_visits" ADD CONSTRAINT "patch_visits_patch_id_leader_patches_id_fk" FOREIGN KEY ("patch_id") REFERENCES "public"."leader_patches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patch_visits" ADD CONSTRAINT "patch_visits_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patch_visits" ADD CONSTRAINT "patch_visits_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patch_visits" ADD CONSTRAINT "patch_visits_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_summaries" ADD CONSTRAINT "plan_summaries_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_summaries" ADD CONSTRAINT "plan_summaries_plan_id_work_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."work_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_summaries" ADD CONSTRAINT "plan_summaries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_summary_returns" ADD CONSTRAINT "plan_summary_returns_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_summary_returns" ADD CONSTRAINT "plan_summary_returns_summary_id_plan_summaries_id_fk" FOREIGN KEY ("summary_id") REFERENCES "public"."plan_summaries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_summary_returns" ADD CONSTRAINT "plan_summary_returns_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_summary_returns" ADD CONSTRAINT "plan_summary_returns_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_task_units" ADD CONSTRAINT "plan_task_units_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_task_units" ADD CONSTRAINT "plan_task_units_plan_id_work_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."work_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_task_units" ADD CONSTRAINT "plan_task_units_task_id_plan_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."plan_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_task_units" ADD CONSTRAINT "plan_task_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_task_units" ADD CONSTRAINT "plan_task_units_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_plan_id_work_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."work_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_tasks" ADD CONSTRAINT "plan_tasks_lead_unit_id_units_id_fk" FOREIGN KEY ("lead_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plans" ADD CONSTRAINT "work_plans_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_plans" ADD CONSTRAINT "work_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leader_patch_schools_school_idx" ON "leader_patch_schools" USING btree ("school_id");--> statement-breakpoint
CREATE UNIQUE INDEX "leader_patches_user_uq" ON "leader_patches" USING btree ("district_id","year","holder_user_id") WHERE "leader_patches"."holder_user_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "leader_patches_unit_uq" ON "leader_patches" USING btree ("district_id","year","holder_unit_id") WHERE "leader_patches"."holder_unit_id" is not null;--> statement-breakpoint
CREATE INDEX "patch_visits_patch_idx" ON "patch_visits" USING btree ("patch_id","visited_on");--> statement-breakpoint
CREATE INDEX "patch_visits_school_idx" ON "patch_visits" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "plan_summaries_plan_idx" ON "plan_summaries" USING btree ("plan_id","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_summary_returns_uq" ON "plan_summary_returns" USING btree ("summary_id","unit_id");--> statement-breakpoint
CREATE INDEX "plan_summary_returns_unit_idx" ON "plan_summary_returns" USING btree ("district_id","unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_task_units_task_unit_uq" ON "plan_task_units" USING btree ("task_id","unit_id");--> statement-breakpoint
CREATE INDEX "plan_task_units_plan_unit_idx" ON "plan_task_units" USING btree ("plan_id","unit_id");--> statement-breakpoint
CREATE INDEX "plan_task_units_district_unit_idx" ON "plan_task_units" USING btree ("district_id","unit_id");--> statement-breakpoint
CREATE INDEX "plan_task_units_path_idx" ON "plan_task_units" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "plan_tasks_plan_idx" ON "plan_tasks" USING btree ("plan_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "work_plans_district_year_uq" ON "work_plans" USING btree ("district_id","year");
--> statement-breakpoint
-- custom (hand-written)
-- The work plan (issue 14): everyone reads it, the bureau's administrator keeps it, the units
-- report progress on their tasks, leaders and departments record visits to their patch's schools.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'plan.read'), ('bureau_admin', 'plan.read'), ('department_officer', 'plan.read'), ('town_officer', 'plan.read'),
  ('principal', 'plan.read'), ('school_safety_officer', 'plan.read'), ('teacher', 'plan.read'), ('inspector', 'plan.read'),
  ('bureau_admin', 'plan.manage'),
  ('bureau_admin', 'plan.report'), ('department_officer', 'plan.report'), ('town_officer', 'plan.report'),
  ('principal', 'plan.report'), ('school_safety_officer', 'plan.report'),
  ('bureau_leader', 'patch.visit'), ('bureau_admin', 'patch.visit'), ('department_officer', 'patch.visit')
ON CONFLICT DO NOTHING;
