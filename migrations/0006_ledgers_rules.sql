CREATE TABLE "drills" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"held_on" date NOT NULL,
	"kind" text NOT NULL,
	"participants" integer NOT NULL,
	"evacuation_seconds" integer,
	"observers" text,
	"problems" text,
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
	CONSTRAINT "drills_status_ck" CHECK ("drills"."status" in ('recorded','voided')),
	CONSTRAINT "drills_kind_ck" CHECK ("drills"."kind" in ('fire','earthquake','stampede','night_evacuation','school_bus','nap_time','violent_intrusion','flood_typhoon')),
	CONSTRAINT "drills_participants_ck" CHECK ("drills"."participants" >= 0),
	CONSTRAINT "drills_evacuation_ck" CHECK ("drills"."evacuation_seconds" is null or "drills"."evacuation_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "key_periods" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "key_periods_span_ck" CHECK ("key_periods"."ends_on" >= "key_periods"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "rule_pack_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"pack_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"based_on" integer,
	"changes" jsonb NOT NULL,
	"rules" jsonb NOT NULL,
	"created_by" integer,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_packs" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"current_version" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_packs_district_id_unique" UNIQUE("district_id")
);
--> statement-breakpoint
CREATE TABLE "school_calendars" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_year" text NOT NULL,
	"semesters" jsonb NOT NULL,
	"holidays" jsonb NOT NULL,
	"updated_by" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "drills" ADD CONSTRAINT "drills_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drills" ADD CONSTRAINT "drills_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drills" ADD CONSTRAINT "drills_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drills" ADD CONSTRAINT "drills_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_periods" ADD CONSTRAINT "key_periods_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_periods" ADD CONSTRAINT "key_periods_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_pack_versions" ADD CONSTRAINT "rule_pack_versions_pack_id_rule_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."rule_packs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_pack_versions" ADD CONSTRAINT "rule_pack_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_packs" ADD CONSTRAINT "rule_packs_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_calendars" ADD CONSTRAINT "school_calendars_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_calendars" ADD CONSTRAINT "school_calendars_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "drills_district_day_idx" ON "drills" USING btree ("district_id","held_on") WHERE "drills"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "drills_school_day_idx" ON "drills" USING btree ("school_id","held_on");--> statement-breakpoint
CREATE INDEX "drills_path_idx" ON "drills" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "key_periods_district_idx" ON "key_periods" USING btree ("district_id","starts_on");--> statement-breakpoint
CREATE UNIQUE INDEX "rule_pack_versions_uq" ON "rule_pack_versions" USING btree ("pack_id","number");--> statement-breakpoint
CREATE INDEX "rule_pack_versions_district_idx" ON "rule_pack_versions" USING btree ("district_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "school_calendars_uq" ON "school_calendars" USING btree ("district_id","school_year");--> statement-breakpoint
-- Who may do what with the safety ledgers and the rule engine (issue 4). Towns and principals hold
-- ledger.write so that they may still grant the school roles (nobody grants more than they hold).
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'ledger.read'), ('bureau_leader', 'compliance.read'),
  ('bureau_admin', 'ledger.read'), ('bureau_admin', 'ledger.write'), ('bureau_admin', 'rules.manage'), ('bureau_admin', 'compliance.read'),
  ('department_officer', 'ledger.read'), ('department_officer', 'compliance.read'),
  ('town_officer', 'ledger.read'), ('town_officer', 'ledger.write'), ('town_officer', 'compliance.read'),
  ('principal', 'ledger.read'), ('principal', 'ledger.write'), ('principal', 'compliance.read'),
  ('school_safety_officer', 'ledger.read'), ('school_safety_officer', 'ledger.write'), ('school_safety_officer', 'compliance.read'),
  ('teacher', 'ledger.read'),
  ('inspector', 'ledger.read'), ('inspector', 'compliance.read')
ON CONFLICT DO NOTHING;
