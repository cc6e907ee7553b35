CREATE TABLE "buildings" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"use" text NOT NULL,
	"year_built" integer NOT NULL,
	"structure" text NOT NULL,
	"floors" integer NOT NULL,
	"area" double precision NOT NULL,
	"in_use" boolean DEFAULT true NOT NULL,
	"appraisal_grade" text,
	"appraised_on" date,
	"appraised_by" text,
	"appraisal_file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"next_appraisal_due_on" date,
	"old_or_idle" boolean DEFAULT false NOT NULL,
	"risk_assessed_on" date,
	"risk_assessment" text,
	"new_or_refit" boolean DEFAULT false NOT NULL,
	"air_test_passed_on" date,
	"acceptance_passed_on" date,
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
	CONSTRAINT "buildings_status_ck" CHECK ("buildings"."status" in ('recorded','voided')),
	CONSTRAINT "buildings_use_ck" CHECK ("buildings"."use" in ('teaching','dormitory','canteen','gym','office','kindergarten','library_lab','other')),
	CONSTRAINT "buildings_structure_ck" CHECK ("buildings"."structure" in ('frame','brick_concrete','steel','shear_wall','masonry_timber','other')),
	CONSTRAINT "buildings_grade_ck" CHECK ("buildings"."appraisal_grade" is null or "buildings"."appraisal_grade" in ('A','B','C','D')),
	CONSTRAINT "buildings_floors_ck" CHECK ("buildings"."floors" > 0),
	CONSTRAINT "buildings_area_ck" CHECK ("buildings"."area" > 0),
	CONSTRAINT "buildings_appraisal_ck" CHECK ("buildings"."appraisal_grade" is null or ("buildings"."appraised_on" is not null and "buildings"."next_appraisal_due_on" > "buildings"."appraised_on")),
	CONSTRAINT "buildings_new_in_use_ck" CHECK (not ("buildings"."in_use" and "buildings"."new_or_refit" and ("buildings"."air_test_passed_on" is null or "buildings"."acceptance_passed_on" is null)))
);
--> statement-breakpoint
CREATE TABLE "construction_checks" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"checked_on" date NOT NULL,
	"checked_by" text NOT NULL,
	"fence_intact" boolean NOT NULL,
	"entrance_separate" boolean NOT NULL,
	"findings" text,
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
	CONSTRAINT "construction_checks_status_ck" CHECK ("construction_checks"."status" in ('recorded','voided'))
);
--> statement-breakpoint
CREATE TABLE "construction_sites" (
	"id" serial PRIMARY KEY NOT NULL,
	"project" text NOT NULL,
	"contractor" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"building_id" integer,
	"hard_fence" boolean DEFAULT false NOT NULL,
	"separate_entrance" boolean DEFAULT false NOT NULL,
	"isolation_note" text,
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
	CONSTRAINT "construction_sites_status_ck" CHECK ("construction_sites"."status" in ('recorded','voided')),
	CONSTRAINT "construction_sites_days_ck" CHECK ("construction_sites"."ends_on" >= "construction_sites"."starts_on")
);
--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_checks" ADD CONSTRAINT "construction_checks_site_id_construction_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."construction_sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_checks" ADD CONSTRAINT "construction_checks_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_checks" ADD CONSTRAINT "construction_checks_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_checks" ADD CONSTRAINT "construction_checks_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_checks" ADD CONSTRAINT "construction_checks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_sites" ADD CONSTRAINT "construction_sites_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_sites" ADD CONSTRAINT "construction_sites_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_sites" ADD CONSTRAINT "construction_sites_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_sites" ADD CONSTRAINT "construction_sites_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "construction_sites" ADD CONSTRAINT "construction_sites_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "buildings_school_idx" ON "buildings" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "buildings_path_idx" ON "buildings" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "construction_checks_site_idx" ON "construction_checks" USING btree ("site_id","checked_on");--> statement-breakpoint
CREATE INDEX "construction_checks_path_idx" ON "construction_checks" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "construction_sites_school_idx" ON "construction_sites" USING btree ("school_id","starts_on");--> statement-breakpoint
CREATE INDEX "construction_sites_path_idx" ON "construction_sites" USING btree ("school_path" text_pattern_ops);
--> statement-breakpoint
-- custom (hand-written)
-- One open hazard per building (issue 21): a building graded C or D in use enters the register once;
-- two writers at once cannot both register it (the second gets 409).
CREATE UNIQUE INDEX hazards_building_open_uq ON hazards (item_key) WHERE source = 'building' AND status <> 'closed';
--> statement-breakpoint
-- The compliance rollup reads buildings, sites and their checks (rules building.* and
-- construction.weekly_check): a change marks the school for evaluation again, like 0009 and 0034.
DO $$
BEGIN
  CREATE TRIGGER buildings_dirty_ins AFTER INSERT ON buildings REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER buildings_dirty_upd AFTER UPDATE ON buildings REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER buildings_dirty_upd_old AFTER UPDATE ON buildings REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER buildings_dirty_del AFTER DELETE ON buildings REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER construction_sites_dirty_ins AFTER INSERT ON construction_sites REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER construction_sites_dirty_upd AFTER UPDATE ON construction_sites REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER construction_sites_dirty_upd_old AFTER UPDATE ON construction_sites REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER construction_sites_dirty_del AFTER DELETE ON construction_sites REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER construction_checks_dirty_ins AFTER INSERT ON construction_checks REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER construction_checks_dirty_upd AFTER UPDATE ON construction_checks REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER construction_checks_dirty_upd_old AFTER UPDATE ON construction_checks REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER construction_checks_dirty_del AFTER DELETE ON construction_checks REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
END $$;
