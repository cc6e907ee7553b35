CREATE TABLE "fire_assessment_steps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "fire_assessment_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"assessment_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"action" text NOT NULL,
	"actor_id" integer NOT NULL,
	"actor_name" text NOT NULL,
	"actor_unit_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"comment" text,
	CONSTRAINT "fire_assessment_steps_action_ck" CHECK ("fire_assessment_steps"."action" in ('create','submit','accept','fail'))
);
--> statement-breakpoint
CREATE TABLE "fire_assessments" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"standard_version_id" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"answers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"submitted_on" date,
	"submitted_by" integer,
	"submitted_by_name" text,
	"result" text,
	"accepted_on" date,
	"accepted_by" integer,
	"accepted_by_name" text,
	"accepted_unit_name" text,
	"accepted_at" timestamp with time zone,
	"accept_text" text,
	"failed_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_by" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fire_assessments_status_ck" CHECK ("fire_assessments"."status" in ('draft','submitted','accepted','failed')),
	CONSTRAINT "fire_assessments_result_ck" CHECK (("fire_assessments"."status" in ('accepted','failed')) = ("fire_assessments"."result" is not null and "fire_assessments"."accepted_on" is not null and "fire_assessments"."accepted_by" is not null and "fire_assessments"."accept_text" is not null)),
	CONSTRAINT "fire_assessments_result_value_ck" CHECK ("fire_assessments"."result" is null or ("fire_assessments"."result" = 'pass' and "fire_assessments"."status" = 'accepted') or ("fire_assessments"."result" = 'fail' and "fire_assessments"."status" = 'failed')),
	CONSTRAINT "fire_assessments_submitted_ck" CHECK ("fire_assessments"."status" = 'draft' or "fire_assessments"."submitted_on" is not null),
	CONSTRAINT "fire_assessments_accepted_after_ck" CHECK ("fire_assessments"."accepted_on" is null or "fire_assessments"."accepted_on" >= "fire_assessments"."submitted_on")
);
--> statement-breakpoint
CREATE TABLE "fire_patrol_staff" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"staff_id" integer NOT NULL,
	"patrol_area" text NOT NULL,
	"named_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_by" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fire_patrol_staff_status_ck" CHECK ("fire_patrol_staff"."status" in ('active','removed'))
);
--> statement-breakpoint
CREATE TABLE "fire_standard_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"standard_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"sections" jsonb NOT NULL,
	"item_count" integer NOT NULL,
	"reason" text,
	"created_by" integer,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fire_standards" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fire_assessment_steps" ADD CONSTRAINT "fire_assessment_steps_assessment_id_fire_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."fire_assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_assessment_steps" ADD CONSTRAINT "fire_assessment_steps_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_assessments" ADD CONSTRAINT "fire_assessments_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_assessments" ADD CONSTRAINT "fire_assessments_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_assessments" ADD CONSTRAINT "fire_assessments_standard_version_id_fire_standard_versions_id_fk" FOREIGN KEY ("standard_version_id") REFERENCES "public"."fire_standard_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_assessments" ADD CONSTRAINT "fire_assessments_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_assessments" ADD CONSTRAINT "fire_assessments_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_assessments" ADD CONSTRAINT "fire_assessments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_patrol_staff" ADD CONSTRAINT "fire_patrol_staff_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_patrol_staff" ADD CONSTRAINT "fire_patrol_staff_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_patrol_staff" ADD CONSTRAINT "fire_patrol_staff_staff_id_staff_members_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_patrol_staff" ADD CONSTRAINT "fire_patrol_staff_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_standard_versions" ADD CONSTRAINT "fire_standard_versions_standard_id_fire_standards_id_fk" FOREIGN KEY ("standard_id") REFERENCES "public"."fire_standards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_standard_versions" ADD CONSTRAINT "fire_standard_versions_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_standard_versions" ADD CONSTRAINT "fire_standard_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fire_standards" ADD CONSTRAINT "fire_standards_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fire_assessment_steps_idx" ON "fire_assessment_steps" USING btree ("assessment_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "fire_assessments_open_uq" ON "fire_assessments" USING btree ("school_id") WHERE "fire_assessments"."status" in ('draft','submitted');--> statement-breakpoint
CREATE INDEX "fire_assessments_school_idx" ON "fire_assessments" USING btree ("school_id","id");--> statement-breakpoint
CREATE INDEX "fire_assessments_path_idx" ON "fire_assessments" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "fire_assessments_district_status_idx" ON "fire_assessments" USING btree ("district_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "fire_patrol_staff_uq" ON "fire_patrol_staff" USING btree ("school_id","staff_id") WHERE "fire_patrol_staff"."status" = 'active';--> statement-breakpoint
CREATE INDEX "fire_patrol_staff_path_idx" ON "fire_patrol_staff" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "fire_standard_versions_uq" ON "fire_standard_versions" USING btree ("standard_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "fire_standards_district_uq" ON "fire_standards" USING btree ("district_id");--> statement-breakpoint
-- custom (hand-written)
-- Fire-safety standardisation (issue 21): who reads, self-assesses, accepts and revises the standard.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_admin', 'fire_standard.read'), ('bureau_admin', 'fire_standard.accept'), ('bureau_admin', 'fire_standard.manage'),
  -- The administrator appoints principals and safety officers: a role is granted only by someone holding its permissions.
  ('bureau_admin', 'fire_standard.assess'),
  ('bureau_leader', 'fire_standard.read'), ('bureau_leader', 'fire_standard.accept'),
  ('department_officer', 'fire_standard.read'), ('department_officer', 'fire_standard.accept'),
  ('inspector', 'fire_standard.read'), ('inspector', 'fire_standard.accept'),
  ('town_officer', 'fire_standard.read'),
  ('principal', 'fire_standard.read'), ('principal', 'fire_standard.assess'),
  ('school_safety_officer', 'fire_standard.read'), ('school_safety_officer', 'fire_standard.assess')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The signed steps of an assessment are append-only, like hazard_steps (0003).
CREATE OR REPLACE FUNCTION fire_assessment_steps_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'fire_assessment_steps is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER fire_assessment_steps_no_update BEFORE UPDATE OR DELETE ON fire_assessment_steps
  FOR EACH ROW EXECUTE FUNCTION fire_assessment_steps_refuse_change();
--> statement-breakpoint
CREATE TRIGGER fire_assessment_steps_no_truncate BEFORE TRUNCATE ON fire_assessment_steps
  FOR EACH STATEMENT EXECUTE FUNCTION fire_assessment_steps_refuse_change();
--> statement-breakpoint
-- The compliance rollup reads the acceptances (rule fire.standard_accepted): a change marks the
-- school for evaluation again, like the ledgers of 0009, 0022, 0025 and 0031 (old rows too, 0027).
DO $$
BEGIN
  CREATE TRIGGER fire_assessments_dirty_ins AFTER INSERT ON fire_assessments REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER fire_assessments_dirty_upd AFTER UPDATE ON fire_assessments REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER fire_assessments_dirty_upd_old AFTER UPDATE ON fire_assessments REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER fire_assessments_dirty_del AFTER DELETE ON fire_assessments REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
END $$;
