CREATE TABLE "assessment_runs" (
	"district_id" integer NOT NULL,
	"year" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"scheme_version" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"computed_by_name" text NOT NULL,
	"published_at" timestamp with time zone,
	"published_by_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_runs_district_id_year_pk" PRIMARY KEY("district_id","year"),
	CONSTRAINT "assessment_runs_status_ck" CHECK ("assessment_runs"."status" in ('draft','published'))
);
--> statement-breakpoint
CREATE TABLE "assessment_schemes" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"indicators" jsonb NOT NULL,
	"grades" jsonb NOT NULL,
	"reason" text NOT NULL,
	"saved_by" integer NOT NULL,
	"saved_by_name" text NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_scores" (
	"district_id" integer NOT NULL,
	"year" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"kind" text NOT NULL,
	"score" numeric,
	"figures" jsonb NOT NULL,
	"vetoed" boolean DEFAULT false NOT NULL,
	"veto" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"adjusted_score" numeric,
	"adjustment_reason" text,
	"adjusted_by" integer,
	"adjusted_by_name" text,
	"adjusted_at" timestamp with time zone,
	"grade" text,
	"rank_in_stage" integer,
	"rank_in_town" integer,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "assessment_scores_year_unit_id_pk" PRIMARY KEY("year","unit_id"),
	CONSTRAINT "assessment_scores_kind_ck" CHECK ("assessment_scores"."kind" in ('school','town','department')),
	CONSTRAINT "assessment_scores_grade_ck" CHECK ("assessment_scores"."grade" is null or "assessment_scores"."grade" in ('excellent','good','pass','fail')),
	CONSTRAINT "assessment_scores_adjusted_ck" CHECK ("assessment_scores"."adjusted_score" is null or ("assessment_scores"."adjusted_score" between 0 and 100 and "assessment_scores"."adjustment_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "compliance_period_runs" (
	"district_id" integer NOT NULL,
	"as_of" date NOT NULL,
	"pack_version" integer NOT NULL,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_period_runs_district_id_as_of_pk" PRIMARY KEY("district_id","as_of")
);
--> statement-breakpoint
CREATE TABLE "compliance_periods" (
	"district_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"rule_code" text NOT NULL,
	"period_key" text NOT NULL,
	"period" jsonb NOT NULL,
	"ends_on" date NOT NULL,
	"status" text NOT NULL,
	"value" numeric,
	"target" numeric,
	"due_on" date,
	"record_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"explanation" text NOT NULL,
	CONSTRAINT "compliance_periods_unit_id_rule_code_period_key_pk" PRIMARY KEY("unit_id","rule_code","period_key")
);
--> statement-breakpoint
ALTER TABLE "assessment_runs" ADD CONSTRAINT "assessment_runs_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_schemes" ADD CONSTRAINT "assessment_schemes_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_schemes" ADD CONSTRAINT "assessment_schemes_saved_by_users_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assessment_scores" ADD CONSTRAINT "assessment_scores_adjusted_by_users_id_fk" FOREIGN KEY ("adjusted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_period_runs" ADD CONSTRAINT "compliance_period_runs_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_periods" ADD CONSTRAINT "compliance_periods_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_schemes_version_uq" ON "assessment_schemes" USING btree ("district_id","year","version");--> statement-breakpoint
CREATE INDEX "assessment_scores_district_idx" ON "assessment_scores" USING btree ("district_id","year","kind");--> statement-breakpoint
CREATE INDEX "assessment_scores_path_idx" ON "assessment_scores" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "compliance_periods_district_idx" ON "compliance_periods" USING btree ("district_id","ends_on");
--> statement-breakpoint
-- custom (hand-written)
-- The yearly assessment (issue 14): everyone who reads compliance may read the assessment (a unit
-- below the bureau sees its own and its schools' scores once published); the bureau's
-- administrator keeps the scheme, computes, adjusts and publishes.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'assessment.read'),
  ('bureau_admin', 'assessment.read'),
  ('bureau_admin', 'assessment.manage'),
  ('department_officer', 'assessment.read'),
  ('town_officer', 'assessment.read'),
  ('principal', 'assessment.read'),
  ('school_safety_officer', 'assessment.read')
ON CONFLICT DO NOTHING;
