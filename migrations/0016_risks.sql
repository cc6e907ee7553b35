CREATE TABLE "risk_points" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"area" text NOT NULL,
	"place" text NOT NULL,
	"name" text NOT NULL,
	"likelihood" integer NOT NULL,
	"severity" integer NOT NULL,
	"level" text NOT NULL,
	"kind" text NOT NULL,
	"season" text,
	"controls" text NOT NULL,
	"control_owner_id" integer NOT NULL,
	"identified_on" date NOT NULL,
	"last_reviewed_on" date NOT NULL,
	"escalated_on" date,
	"escalation_note" text,
	"hazard_id" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"source_type" text,
	"source_id" text,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_points_scores_ck" CHECK ("risk_points"."likelihood" between 1 and 5 and "risk_points"."severity" between 1 and 5),
	CONSTRAINT "risk_points_level_ck" CHECK ("risk_points"."level" in ('red','orange','yellow','blue')),
	CONSTRAINT "risk_points_kind_ck" CHECK ("risk_points"."kind" in ('baseline','seasonal','holiday','special')),
	CONSTRAINT "risk_points_status_ck" CHECK ("risk_points"."status" in ('active','retired')),
	CONSTRAINT "risk_points_season_ck" CHECK (("risk_points"."kind" = 'seasonal') = ("risk_points"."season" is not null)),
	CONSTRAINT "risk_points_review_ck" CHECK ("risk_points"."last_reviewed_on" >= "risk_points"."identified_on")
);
--> statement-breakpoint
CREATE TABLE "risk_steps" (
	"id" serial PRIMARY KEY NOT NULL,
	"risk_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"action" text NOT NULL,
	"on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"level" text,
	"hazard_id" integer,
	"actor_id" integer,
	"actor_name" text NOT NULL,
	"actor_unit_name" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rule_pack_versions" ADD COLUMN "risk_review_days" jsonb;--> statement-breakpoint
ALTER TABLE "risk_points" ADD CONSTRAINT "risk_points_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_points" ADD CONSTRAINT "risk_points_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_points" ADD CONSTRAINT "risk_points_control_owner_id_users_id_fk" FOREIGN KEY ("control_owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_points" ADD CONSTRAINT "risk_points_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_points" ADD CONSTRAINT "risk_points_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_steps" ADD CONSTRAINT "risk_steps_risk_id_risk_points_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risk_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_steps" ADD CONSTRAINT "risk_steps_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_steps" ADD CONSTRAINT "risk_steps_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_points_school_idx" ON "risk_points" USING btree ("school_id","status");--> statement-breakpoint
CREATE INDEX "risk_points_district_idx" ON "risk_points" USING btree ("district_id","status","level");--> statement-breakpoint
CREATE INDEX "risk_points_path_idx" ON "risk_points" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "risk_steps_risk_idx" ON "risk_steps" USING btree ("risk_id","id");
--> statement-breakpoint
-- custom (hand-written)
-- The risk list's permissions: every role that reads the ledgers reads the risk list; the school's
-- safety officer and principal, the town and the bureau's safety administrator keep it.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'risk.read'), ('bureau_admin', 'risk.read'), ('bureau_admin', 'risk.manage'),
  ('department_officer', 'risk.read'), ('town_officer', 'risk.read'), ('town_officer', 'risk.manage'),
  ('principal', 'risk.read'), ('principal', 'risk.manage'), ('school_safety_officer', 'risk.read'), ('school_safety_officer', 'risk.manage'),
  ('inspector', 'risk.read')
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Compliance judges the risk list (risk.review_on_time): a change to a school's risks marks the school
-- for evaluation again, like the ledgers of 0009.
CREATE TRIGGER risk_points_dirty_ins AFTER INSERT ON risk_points REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
--> statement-breakpoint
CREATE TRIGGER risk_points_dirty_upd AFTER UPDATE ON risk_points REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
--> statement-breakpoint
CREATE TRIGGER risk_points_dirty_del AFTER DELETE ON risk_points REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
