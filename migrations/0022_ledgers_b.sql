CREATE TABLE "chemical_movements" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"chemical_id" integer NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"handled_by" text NOT NULL,
	"approved_by" text,
	"supplier" text,
	"recipient" text,
	"class_name" text,
	"purpose" text,
	"issue_id" integer,
	"contractor" text,
	"manifest_no" text,
	"note" text,
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
	CONSTRAINT "chemical_movements_status_ck" CHECK ("chemical_movements"."status" in ('recorded','voided')),
	CONSTRAINT "chemical_movements_kind_ck" CHECK ("chemical_movements"."kind" in ('purchase','issue','return','disposal','count')),
	CONSTRAINT "chemical_movements_qty_ck" CHECK ("chemical_movements"."quantity" >= 0 and ("chemical_movements"."kind" = 'count' or "chemical_movements"."quantity" > 0))
);
--> statement-breakpoint
CREATE TABLE "chemicals" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"store" text NOT NULL,
	"name" text NOT NULL,
	"cas_no" text,
	"unit" text NOT NULL,
	"control_class" text DEFAULT 'none' NOT NULL,
	"storage_place" text NOT NULL,
	"keeper_a" text NOT NULL,
	"keeper_b" text NOT NULL,
	"expires_on" date,
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
	CONSTRAINT "chemicals_status_ck" CHECK ("chemicals"."status" in ('recorded','voided')),
	CONSTRAINT "chemicals_control_ck" CHECK ("chemicals"."control_class" in ('none','precursor','explosive')),
	CONSTRAINT "chemicals_keepers_ck" CHECK ("chemicals"."keeper_a" <> "chemicals"."keeper_b")
);
--> statement-breakpoint
CREATE TABLE "equipment_logs" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"equipment_id" integer NOT NULL,
	"kind" text NOT NULL,
	"done_on" date NOT NULL,
	"done_by" text NOT NULL,
	"result" text,
	"due_on" date,
	"on_time" boolean,
	"next_due_on" date,
	"report_no" text,
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
	CONSTRAINT "equipment_logs_status_ck" CHECK ("equipment_logs"."status" in ('recorded','voided')),
	CONSTRAINT "equipment_logs_kind_ck" CHECK ("equipment_logs"."kind" in ('maintenance','inspection')),
	CONSTRAINT "equipment_logs_inspection_ck" CHECK ("equipment_logs"."kind" <> 'inspection' or ("equipment_logs"."due_on" is not null and "equipment_logs"."on_time" is not null and "equipment_logs"."next_due_on" > "equipment_logs"."done_on" and not ("equipment_logs"."on_time" and "equipment_logs"."done_on" > "equipment_logs"."due_on")))
);
--> statement-breakpoint
CREATE TABLE "special_equipment" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"location" text,
	"in_service" boolean DEFAULT true NOT NULL,
	"responsible_person" text,
	"maintenance_unit" text,
	"safety_manager" text,
	"registration_no" text,
	"operator_name" text,
	"operator_cert_no" text,
	"operator_cert_expires_on" date,
	"inspection_due_on" date NOT NULL,
	"plan_file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
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
	CONSTRAINT "special_equipment_status_ck" CHECK ("special_equipment"."status" in ('recorded','voided'))
);
--> statement-breakpoint
ALTER TABLE "staff_members" ADD COLUMN "outsourced_kind" text;--> statement-breakpoint
ALTER TABLE "staff_members" ADD COLUMN "employer" text;--> statement-breakpoint
ALTER TABLE "staff_members" ADD COLUMN "entry_check_on" date;--> statement-breakpoint
ALTER TABLE "staff_members" ADD COLUMN "entry_check_result" text;--> statement-breakpoint
ALTER TABLE "chemical_movements" ADD CONSTRAINT "chemical_movements_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chemical_movements" ADD CONSTRAINT "chemical_movements_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chemical_movements" ADD CONSTRAINT "chemical_movements_chemical_id_chemicals_id_fk" FOREIGN KEY ("chemical_id") REFERENCES "public"."chemicals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chemical_movements" ADD CONSTRAINT "chemical_movements_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chemical_movements" ADD CONSTRAINT "chemical_movements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chemicals" ADD CONSTRAINT "chemicals_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chemicals" ADD CONSTRAINT "chemicals_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chemicals" ADD CONSTRAINT "chemicals_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chemicals" ADD CONSTRAINT "chemicals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_logs" ADD CONSTRAINT "equipment_logs_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_logs" ADD CONSTRAINT "equipment_logs_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_logs" ADD CONSTRAINT "equipment_logs_equipment_id_special_equipment_id_fk" FOREIGN KEY ("equipment_id") REFERENCES "public"."special_equipment"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_logs" ADD CONSTRAINT "equipment_logs_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_logs" ADD CONSTRAINT "equipment_logs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_equipment" ADD CONSTRAINT "special_equipment_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_equipment" ADD CONSTRAINT "special_equipment_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_equipment" ADD CONSTRAINT "special_equipment_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "special_equipment" ADD CONSTRAINT "special_equipment_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chemical_movements_chemical_idx" ON "chemical_movements" USING btree ("chemical_id","occurred_on");--> statement-breakpoint
CREATE INDEX "chemical_movements_school_idx" ON "chemical_movements" USING btree ("school_id","occurred_on");--> statement-breakpoint
CREATE INDEX "chemical_movements_path_idx" ON "chemical_movements" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "chemicals_school_idx" ON "chemicals" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "chemicals_path_idx" ON "chemicals" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "equipment_logs_equipment_idx" ON "equipment_logs" USING btree ("equipment_id","done_on");--> statement-breakpoint
CREATE INDEX "equipment_logs_school_idx" ON "equipment_logs" USING btree ("school_id","done_on");--> statement-breakpoint
CREATE INDEX "equipment_logs_path_idx" ON "equipment_logs" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "special_equipment_school_idx" ON "special_equipment" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "special_equipment_path_idx" ON "special_equipment" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_outsourced_ck" CHECK ("staff_members"."outsourced_kind" is null or "staff_members"."outsourced_kind" in ('guard','driver','cleaner','other'));--> statement-breakpoint
ALTER TABLE "staff_members" ADD CONSTRAINT "staff_members_entry_check_ck" CHECK (("staff_members"."entry_check_result" is null and "staff_members"."entry_check_on" is null) or ("staff_members"."entry_check_result" in ('clear','not_clear','pending') and "staff_members"."entry_check_on" is not null));
--> statement-breakpoint
-- custom (hand-written)
-- The compliance rollup reads these ledgers (issue 15 items 3, 4 and 7): a change marks the school
-- for evaluation again, like the ledgers of 0009 (staff_members is marked by 0009 already).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('special_equipment'), ('equipment_logs'), ('chemicals'), ('chemical_movements')) AS v(tab) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_ins', t.tab, 'school_id');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_upd', t.tab, 'school_id');
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_del', t.tab, 'school_id');
  END LOOP;
END $$;
--> statement-breakpoint
-- The lab technician (实验员, DOMAIN.md's school roles) records the movements of the lab's chemical
-- store (issue 15 item 4) and reads the ledgers; chemicals.move goes to everyone who writes the
-- ledgers too, so that they may still grant the role (nobody grants more than they hold).
INSERT INTO roles (key, name, scope, unit_kinds, sort) VALUES ('lab_technician', '实验员', 'unit', '{school}', 9);
--> statement-breakpoint
INSERT INTO role_permissions (role_key, permission) VALUES
  ('lab_technician', 'unit.read'), ('lab_technician', 'ledger.read'), ('lab_technician', 'chemicals.move'),
  ('bureau_admin', 'chemicals.move'), ('town_officer', 'chemicals.move'), ('principal', 'chemicals.move'), ('school_safety_officer', 'chemicals.move');
