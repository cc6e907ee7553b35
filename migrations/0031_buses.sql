CREATE TABLE "bus_checks" (
	"id" serial PRIMARY KEY NOT NULL,
	"bus_id" integer NOT NULL,
	"driver_id" integer NOT NULL,
	"checked_on" date NOT NULL,
	"items" jsonb NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"hazard_ids" jsonb DEFAULT '{}'::jsonb NOT NULL,
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
	CONSTRAINT "bus_checks_status_ck" CHECK ("bus_checks"."status" in ('recorded','voided'))
);
--> statement-breakpoint
CREATE TABLE "bus_drivers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"licence_class" text NOT NULL,
	"licence_expires_on" date NOT NULL,
	"background_checked_on" date,
	"background_result" text,
	"health_checked_on" date,
	"on_duty" boolean DEFAULT true NOT NULL,
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
	CONSTRAINT "bus_drivers_status_ck" CHECK ("bus_drivers"."status" in ('recorded','voided')),
	CONSTRAINT "bus_drivers_class_ck" CHECK ("bus_drivers"."licence_class" in ('A1','A3','B1')),
	CONSTRAINT "bus_drivers_result_ck" CHECK ("bus_drivers"."background_result" is null or "bus_drivers"."background_result" in ('clear','not_clear','pending'))
);
--> statement-breakpoint
CREATE TABLE "bus_routes" (
	"id" serial PRIMARY KEY NOT NULL,
	"bus_id" integer NOT NULL,
	"name" text NOT NULL,
	"stops" jsonb NOT NULL,
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
	CONSTRAINT "bus_routes_status_ck" CHECK ("bus_routes"."status" in ('recorded','voided'))
);
--> statement-breakpoint
CREATE TABLE "school_buses" (
	"id" serial PRIMARY KEY NOT NULL,
	"plate" text NOT NULL,
	"seats" integer NOT NULL,
	"licence_no" text NOT NULL,
	"insurance_expires_on" date NOT NULL,
	"reviewed_on" date,
	"review_due_on" date NOT NULL,
	"serves_from" date NOT NULL,
	"in_service" boolean DEFAULT true NOT NULL,
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
	CONSTRAINT "school_buses_status_ck" CHECK ("school_buses"."status" in ('recorded','voided')),
	CONSTRAINT "school_buses_seats_ck" CHECK ("school_buses"."seats" > 0)
);
--> statement-breakpoint
ALTER TABLE "bus_checks" ADD CONSTRAINT "bus_checks_bus_id_school_buses_id_fk" FOREIGN KEY ("bus_id") REFERENCES "public"."school_buses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_checks" ADD CONSTRAINT "bus_checks_driver_id_bus_drivers_id_fk" FOREIGN KEY ("driver_id") REFERENCES "public"."bus_drivers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_checks" ADD CONSTRAINT "bus_checks_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_checks" ADD CONSTRAINT "bus_checks_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_checks" ADD CONSTRAINT "bus_checks_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_checks" ADD CONSTRAINT "bus_checks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_drivers" ADD CONSTRAINT "bus_drivers_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_drivers" ADD CONSTRAINT "bus_drivers_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_drivers" ADD CONSTRAINT "bus_drivers_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_drivers" ADD CONSTRAINT "bus_drivers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_routes" ADD CONSTRAINT "bus_routes_bus_id_school_buses_id_fk" FOREIGN KEY ("bus_id") REFERENCES "public"."school_buses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_routes" ADD CONSTRAINT "bus_routes_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_routes" ADD CONSTRAINT "bus_routes_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_routes" ADD CONSTRAINT "bus_routes_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bus_routes" ADD CONSTRAINT "bus_routes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_buses" ADD CONSTRAINT "school_buses_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_buses" ADD CONSTRAINT "school_buses_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_buses" ADD CONSTRAINT "school_buses_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_buses" ADD CONSTRAINT "school_buses_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bus_checks_school_idx" ON "bus_checks" USING btree ("school_id","checked_on");--> statement-breakpoint
CREATE INDEX "bus_checks_path_idx" ON "bus_checks" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "bus_checks_bus_day_uq" ON "bus_checks" USING btree ("bus_id","checked_on") WHERE "bus_checks"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "bus_drivers_school_idx" ON "bus_drivers" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "bus_drivers_path_idx" ON "bus_drivers" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "bus_routes_school_idx" ON "bus_routes" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "bus_routes_bus_idx" ON "bus_routes" USING btree ("bus_id");--> statement-breakpoint
CREATE INDEX "bus_routes_path_idx" ON "bus_routes" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "school_buses_school_idx" ON "school_buses" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "school_buses_path_idx" ON "school_buses" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "school_buses_plate_uq" ON "school_buses" USING btree ("district_id","plate") WHERE "school_buses"."status" = 'recorded';
--> statement-breakpoint
-- custom (hand-written)
-- The compliance rollup reads the buses, their drivers and the pre-trip checks (001 item 14, 000 Q1
-- task): a change marks the school for evaluation again, like the ledgers of 0009, 0022 and 0025.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('school_buses'), ('bus_drivers'), ('bus_checks')) AS v(tab) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_ins', t.tab, 'school_id');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_upd', t.tab, 'school_id');
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_del', t.tab, 'school_id');
  END LOOP;
END $$;
