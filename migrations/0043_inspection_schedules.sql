CREATE TABLE "inspection_occurrences" (
	"id" serial PRIMARY KEY NOT NULL,
	"schedule_id" integer NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"occurs_on" date NOT NULL,
	"inspection_id" integer,
	"target_id" integer,
	"problem" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_schedules" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"organizer_unit_id" integer NOT NULL,
	"organizer_path" text NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"cadence" text NOT NULL,
	"weekday" integer,
	"month_day" integer,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"checklist_template_id" integer,
	"campaign_id" integer,
	"school_ids" integer[] NOT NULL,
	"inspector_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"generated_through" date NOT NULL,
	"created_by" integer NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_schedules_status_ck" CHECK ("inspection_schedules"."status" in ('active','stopped')),
	CONSTRAINT "inspection_schedules_cadence_ck" CHECK ("inspection_schedules"."cadence" in ('daily','weekly','monthly','key_period')),
	CONSTRAINT "inspection_schedules_weekday_ck" CHECK ("inspection_schedules"."cadence" <> 'weekly' or "inspection_schedules"."weekday" between 1 and 7),
	CONSTRAINT "inspection_schedules_month_day_ck" CHECK ("inspection_schedules"."cadence" <> 'monthly' or "inspection_schedules"."month_day" between 1 and 28),
	CONSTRAINT "inspection_schedules_span_ck" CHECK ("inspection_schedules"."ends_on" is null or "inspection_schedules"."ends_on" >= "inspection_schedules"."starts_on")
);
--> statement-breakpoint
ALTER TABLE "inspection_occurrences" ADD CONSTRAINT "inspection_occurrences_schedule_id_inspection_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."inspection_schedules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_occurrences" ADD CONSTRAINT "inspection_occurrences_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_occurrences" ADD CONSTRAINT "inspection_occurrences_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_occurrences" ADD CONSTRAINT "inspection_occurrences_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_occurrences" ADD CONSTRAINT "inspection_occurrences_target_id_inspection_targets_id_fk" FOREIGN KEY ("target_id") REFERENCES "public"."inspection_targets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_schedules" ADD CONSTRAINT "inspection_schedules_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_schedules" ADD CONSTRAINT "inspection_schedules_organizer_unit_id_units_id_fk" FOREIGN KEY ("organizer_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_schedules" ADD CONSTRAINT "inspection_schedules_checklist_template_id_checklist_templates_id_fk" FOREIGN KEY ("checklist_template_id") REFERENCES "public"."checklist_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_schedules" ADD CONSTRAINT "inspection_schedules_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_schedules" ADD CONSTRAINT "inspection_schedules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_occurrences_uq" ON "inspection_occurrences" USING btree ("schedule_id","school_id","occurs_on");--> statement-breakpoint
CREATE INDEX "inspection_occurrences_school_idx" ON "inspection_occurrences" USING btree ("school_id","occurs_on");--> statement-breakpoint
CREATE INDEX "inspection_occurrences_target_idx" ON "inspection_occurrences" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "inspection_schedules_district_idx" ON "inspection_schedules" USING btree ("district_id","status");--> statement-breakpoint
CREATE INDEX "inspection_schedules_path_idx" ON "inspection_schedules" USING btree ("organizer_path" text_pattern_ops);--> statement-breakpoint
-- custom (hand-written)
-- The compliance rollup reads each school's occurrences (inspection.recurring): a new occurrence
-- marks its school for evaluation again, like 0009; its inspection's submission already does (0010).
CREATE TRIGGER inspection_occurrences_dirty_ins AFTER INSERT ON inspection_occurrences REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
