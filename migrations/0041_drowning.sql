CREATE TABLE "drowning_findings" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"patrol_id" integer NOT NULL,
	"water_id" integer NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"school_id" integer NOT NULL,
	"hazard_id" integer NOT NULL,
	CONSTRAINT "drowning_findings_kind_ck" CHECK ("drowning_findings"."kind" in ('sign_missing','kit_missing','pupils_swimming','fence_broken','other'))
);
--> statement-breakpoint
CREATE TABLE "drowning_grid_classes" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"season_year" integer NOT NULL,
	"class_name" text NOT NULL,
	"pupils" integer NOT NULL,
	"teacher_id" integer,
	"covered" integer DEFAULT 0 NOT NULL,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drowning_grid_counts_ck" CHECK ("drowning_grid_classes"."pupils" >= 1 and "drowning_grid_classes"."covered" between 0 and "drowning_grid_classes"."pupils"),
	CONSTRAINT "drowning_grid_teacher_ck" CHECK ("drowning_grid_classes"."teacher_id" is not null or "drowning_grid_classes"."covered" = 0)
);
--> statement-breakpoint
CREATE TABLE "drowning_patrols" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"town_id" integer NOT NULL,
	"patrolled_on" date NOT NULL,
	"water_ids" integer[] NOT NULL,
	"patrollers" text NOT NULL,
	"summary" text,
	"file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "drowning_patrols_waters_ck" CHECK (cardinality("drowning_patrols"."water_ids") >= 1)
);
--> statement-breakpoint
CREATE TABLE "drowning_waters" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"town_id" integer NOT NULL,
	"town_path" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"place" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"warning_sign" boolean NOT NULL,
	"rescue_kit" boolean NOT NULL,
	"village" text NOT NULL,
	"village_contact" text NOT NULL,
	"village_phone" text NOT NULL,
	"school_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
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
	CONSTRAINT "drowning_waters_status_ck" CHECK ("drowning_waters"."status" in ('recorded','voided')),
	CONSTRAINT "drowning_waters_kind_ck" CHECK ("drowning_waters"."kind" in ('river','pond','reservoir','ditch','other')),
	CONSTRAINT "drowning_waters_point_ck" CHECK ("drowning_waters"."lat" between -90 and 90 and "drowning_waters"."lng" between -180 and 180)
);
--> statement-breakpoint
ALTER TABLE "drowning_findings" ADD CONSTRAINT "drowning_findings_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_findings" ADD CONSTRAINT "drowning_findings_patrol_id_drowning_patrols_id_fk" FOREIGN KEY ("patrol_id") REFERENCES "public"."drowning_patrols"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_findings" ADD CONSTRAINT "drowning_findings_water_id_drowning_waters_id_fk" FOREIGN KEY ("water_id") REFERENCES "public"."drowning_waters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_findings" ADD CONSTRAINT "drowning_findings_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_findings" ADD CONSTRAINT "drowning_findings_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_grid_classes" ADD CONSTRAINT "drowning_grid_classes_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_grid_classes" ADD CONSTRAINT "drowning_grid_classes_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_grid_classes" ADD CONSTRAINT "drowning_grid_classes_teacher_id_staff_members_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_grid_classes" ADD CONSTRAINT "drowning_grid_classes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_patrols" ADD CONSTRAINT "drowning_patrols_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_patrols" ADD CONSTRAINT "drowning_patrols_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_patrols" ADD CONSTRAINT "drowning_patrols_town_id_units_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_patrols" ADD CONSTRAINT "drowning_patrols_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_waters" ADD CONSTRAINT "drowning_waters_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_waters" ADD CONSTRAINT "drowning_waters_town_id_units_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_waters" ADD CONSTRAINT "drowning_waters_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drowning_waters" ADD CONSTRAINT "drowning_waters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "drowning_findings_patrol_idx" ON "drowning_findings" USING btree ("patrol_id");--> statement-breakpoint
CREATE UNIQUE INDEX "drowning_grid_classes_uq" ON "drowning_grid_classes" USING btree ("school_id","season_year","class_name");--> statement-breakpoint
CREATE INDEX "drowning_grid_classes_path_idx" ON "drowning_grid_classes" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "drowning_patrols_town_idx" ON "drowning_patrols" USING btree ("district_id","town_id","patrolled_on");--> statement-breakpoint
CREATE INDEX "drowning_patrols_path_idx" ON "drowning_patrols" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "drowning_waters_town_idx" ON "drowning_waters" USING btree ("district_id","town_path");--> statement-breakpoint
CREATE INDEX "drowning_waters_schools_idx" ON "drowning_waters" USING gin ("school_ids");
--> statement-breakpoint
-- custom (hand-written)
-- Drowning prevention (issue 22): towns register waters, schools keep their grid, towns and schools
-- patrol; everyone of the bureau, towns and schools reads (a school the waters near it). The
-- administrator holds what it grants (src/domain/roles.ts).
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'drowning.read'),
  ('bureau_admin', 'drowning.read'), ('bureau_admin', 'drowning.waters'), ('bureau_admin', 'drowning.grid'), ('bureau_admin', 'drowning.patrol'),
  ('department_officer', 'drowning.read'),
  ('town_officer', 'drowning.read'), ('town_officer', 'drowning.waters'), ('town_officer', 'drowning.patrol'),
  ('principal', 'drowning.read'), ('principal', 'drowning.grid'), ('principal', 'drowning.patrol'),
  ('school_safety_officer', 'drowning.read'), ('school_safety_officer', 'drowning.grid'), ('school_safety_officer', 'drowning.patrol')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The compliance rollup reads the grid (drowning.grid_covered, by school) and the waters with their
-- patrols (drowning.patrol_cadence, judged at the schools near each water): a change marks those
-- schools for evaluation again, like 0009. A water or a patrol names its schools through school_ids.
-- DISTINCT before clock_timestamp(): a volatile column would keep duplicates, and ON CONFLICT
-- refuses to update one row twice in a command (PostgreSQL; PGlite's clock rarely showed it).
CREATE FUNCTION drowning_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'drowning_waters' THEN
    INSERT INTO compliance_dirty (unit_id, district_id, marked_at)
    SELECT s, d, clock_timestamp() FROM (SELECT DISTINCT s, w.district_id AS d FROM changed_rows w, unnest(w.school_ids) AS s) x
    ON CONFLICT (unit_id) DO UPDATE SET marked_at = excluded.marked_at;
  ELSE
    INSERT INTO compliance_dirty (unit_id, district_id, marked_at)
    SELECT s, d, clock_timestamp() FROM (SELECT DISTINCT s, w.district_id AS d FROM changed_rows p JOIN drowning_waters w ON w.id = ANY (p.water_ids), unnest(w.school_ids) AS s) x
    ON CONFLICT (unit_id) DO UPDATE SET marked_at = excluded.marked_at;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  CREATE TRIGGER drowning_grid_classes_dirty_ins AFTER INSERT ON drowning_grid_classes REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER drowning_grid_classes_dirty_upd AFTER UPDATE ON drowning_grid_classes REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER drowning_grid_classes_dirty_del AFTER DELETE ON drowning_grid_classes REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER drowning_waters_dirty_ins AFTER INSERT ON drowning_waters REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION drowning_mark_dirty();
  CREATE TRIGGER drowning_waters_dirty_upd AFTER UPDATE ON drowning_waters REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION drowning_mark_dirty();
  CREATE TRIGGER drowning_waters_dirty_upd_old AFTER UPDATE ON drowning_waters REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION drowning_mark_dirty();
  CREATE TRIGGER drowning_patrols_dirty_ins AFTER INSERT ON drowning_patrols REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION drowning_mark_dirty();
END $$;
