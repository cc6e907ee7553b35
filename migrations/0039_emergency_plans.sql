CREATE TABLE "emergency_plans" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"kind" text NOT NULL,
	"edition" text NOT NULL,
	"approved_by" text NOT NULL,
	"approved_on" date NOT NULL,
	"revision_due" date NOT NULL,
	"rescue_forces" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"walked_staff_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"walked_on" date,
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
	CONSTRAINT "emergency_plans_status_ck" CHECK ("emergency_plans"."status" in ('recorded','voided')),
	CONSTRAINT "emergency_plans_revision_ck" CHECK ("emergency_plans"."revision_due" > "emergency_plans"."approved_on"),
	CONSTRAINT "emergency_plans_kind_ck" CHECK ("emergency_plans"."kind" in ('fire','earthquake','flood_typhoon','ice_snow','stampede','public_health','food_poisoning','violence_intrusion','network_security','boarding_night','school_bus','kindergarten_nap'))
);
--> statement-breakpoint
CREATE TABLE "emergency_team_members" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"staff_member_id" integer NOT NULL,
	"team_role" text NOT NULL,
	"duty" text,
	"phone" text,
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
	CONSTRAINT "emergency_team_members_status_ck" CHECK ("emergency_team_members"."status" in ('recorded','voided')),
	CONSTRAINT "emergency_team_members_role_ck" CHECK ("emergency_team_members"."team_role" in ('commander','deputy','evacuation','rescue','medical','logistics','liaison','security'))
);
--> statement-breakpoint
CREATE TABLE "emergency_stock_checks" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"checked_on" date NOT NULL,
	"lines" jsonb NOT NULL,
	"note" text,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emergency_supplies" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"store" text NOT NULL,
	"item" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit" text NOT NULL,
	"minimum" integer NOT NULL,
	"location" text,
	"purchased_on" date,
	"expires_on" date,
	"last_checked_on" date,
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
	CONSTRAINT "emergency_supplies_status_ck" CHECK ("emergency_supplies"."status" in ('recorded','voided')),
	CONSTRAINT "emergency_supplies_quantity_ck" CHECK ("emergency_supplies"."quantity" >= 0 and "emergency_supplies"."minimum" >= 0),
	CONSTRAINT "emergency_supplies_expiry_ck" CHECK ("emergency_supplies"."expires_on" is null or "emergency_supplies"."purchased_on" is null or "emergency_supplies"."expires_on" >= "emergency_supplies"."purchased_on")
);
--> statement-breakpoint
ALTER TABLE "drills" ADD COLUMN "emergency_plan_id" integer;--> statement-breakpoint
ALTER TABLE "emergency_plans" ADD CONSTRAINT "emergency_plans_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_plans" ADD CONSTRAINT "emergency_plans_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_plans" ADD CONSTRAINT "emergency_plans_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_plans" ADD CONSTRAINT "emergency_plans_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_team_members" ADD CONSTRAINT "emergency_team_members_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_team_members" ADD CONSTRAINT "emergency_team_members_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_team_members" ADD CONSTRAINT "emergency_team_members_staff_member_id_staff_members_id_fk" FOREIGN KEY ("staff_member_id") REFERENCES "public"."staff_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_team_members" ADD CONSTRAINT "emergency_team_members_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_team_members" ADD CONSTRAINT "emergency_team_members_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_stock_checks" ADD CONSTRAINT "emergency_stock_checks_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_stock_checks" ADD CONSTRAINT "emergency_stock_checks_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_stock_checks" ADD CONSTRAINT "emergency_stock_checks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_supplies" ADD CONSTRAINT "emergency_supplies_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_supplies" ADD CONSTRAINT "emergency_supplies_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_supplies" ADD CONSTRAINT "emergency_supplies_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_supplies" ADD CONSTRAINT "emergency_supplies_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_plans_school_kind_uq" ON "emergency_plans" USING btree ("school_id","kind") WHERE "emergency_plans"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "emergency_plans_district_due_idx" ON "emergency_plans" USING btree ("district_id","revision_due") WHERE "emergency_plans"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "emergency_plans_path_idx" ON "emergency_plans" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_team_members_staff_uq" ON "emergency_team_members" USING btree ("school_id","staff_member_id") WHERE "emergency_team_members"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "emergency_team_members_path_idx" ON "emergency_team_members" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "emergency_stock_checks_school_idx" ON "emergency_stock_checks" USING btree ("school_id","checked_on");--> statement-breakpoint
CREATE INDEX "emergency_stock_checks_path_idx" ON "emergency_stock_checks" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "emergency_supplies_item_uq" ON "emergency_supplies" USING btree ("school_id","store","item") WHERE "emergency_supplies"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "emergency_supplies_district_idx" ON "emergency_supplies" USING btree ("district_id","expires_on") WHERE "emergency_supplies"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "emergency_supplies_path_idx" ON "emergency_supplies" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
ALTER TABLE "drills" ADD CONSTRAINT "drills_emergency_plan_id_emergency_plans_id_fk" FOREIGN KEY ("emergency_plan_id") REFERENCES "public"."emergency_plans"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- custom (hand-written)
-- The compliance rollup reads the plans (emergency.plan_kinds, emergency.plan_revision,
-- emergency.plan_familiarity) and the supplies (emergency.supplies): a change marks the school for
-- evaluation again, like the ledgers of 0009, 0022, 0025, 0031 and 0034 (old rows too, 0027).
DO $$
BEGIN
  CREATE TRIGGER emergency_plans_dirty_ins AFTER INSERT ON emergency_plans REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER emergency_plans_dirty_upd AFTER UPDATE ON emergency_plans REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER emergency_plans_dirty_upd_old AFTER UPDATE ON emergency_plans REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER emergency_plans_dirty_del AFTER DELETE ON emergency_plans REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER emergency_supplies_dirty_ins AFTER INSERT ON emergency_supplies REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER emergency_supplies_dirty_upd AFTER UPDATE ON emergency_supplies REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER emergency_supplies_dirty_upd_old AFTER UPDATE ON emergency_supplies REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER emergency_supplies_dirty_del AFTER DELETE ON emergency_supplies REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
END $$;
