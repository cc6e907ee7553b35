CREATE TABLE "netsec_cards" (
	"id" serial PRIMARY KEY NOT NULL,
	"color" text NOT NULL,
	"issued_on" date NOT NULL,
	"issuer_unit_name" text NOT NULL,
	"reason" text NOT NULL,
	"fix_by" date NOT NULL,
	"state" text DEFAULT 'issued' NOT NULL,
	"answer" text,
	"answer_file_ids" integer[] DEFAULT '{}'::int[] NOT NULL,
	"answered_by_name" text,
	"answered_at" timestamp with time zone,
	"return_note" text,
	"close_note" text,
	"closed_by" integer,
	"closed_by_name" text,
	"closed_at" timestamp with time zone,
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
	CONSTRAINT "netsec_cards_status_ck" CHECK ("netsec_cards"."status" in ('recorded','voided')),
	CONSTRAINT "netsec_cards_color_ck" CHECK ("netsec_cards"."color" in ('red','yellow')),
	CONSTRAINT "netsec_cards_state_ck" CHECK ("netsec_cards"."state" in ('issued','answered','closed')),
	CONSTRAINT "netsec_cards_fix_by_ck" CHECK ("netsec_cards"."fix_by" >= "netsec_cards"."issued_on"),
	CONSTRAINT "netsec_cards_closed_ck" CHECK ("netsec_cards"."state" <> 'closed' or ("netsec_cards"."closed_by" is not null and "netsec_cards"."closed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "netsec_reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"month" text NOT NULL,
	"checks_done" integer NOT NULL,
	"incidents" text NOT NULL,
	"incident_count" integer DEFAULT 0 NOT NULL,
	"summary" text,
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
	CONSTRAINT "netsec_reports_status_ck" CHECK ("netsec_reports"."status" in ('recorded','voided')),
	CONSTRAINT "netsec_reports_month_ck" CHECK ("netsec_reports"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "netsec_reports_incidents_ck" CHECK (("netsec_reports"."incidents" = 'none' and "netsec_reports"."incident_count" = 0) or ("netsec_reports"."incidents" = 'some' and "netsec_reports"."incident_count" > 0)),
	CONSTRAINT "netsec_reports_checks_ck" CHECK ("netsec_reports"."checks_done" >= 0)
);
--> statement-breakpoint
CREATE TABLE "netsec_systems" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"responsible_person" text NOT NULL,
	"protection_level" integer,
	"filing_no" text,
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
	CONSTRAINT "netsec_systems_status_ck" CHECK ("netsec_systems"."status" in ('recorded','voided')),
	CONSTRAINT "netsec_systems_kind_ck" CHECK ("netsec_systems"."kind" in ('website','public_account','app','system')),
	CONSTRAINT "netsec_systems_level_ck" CHECK ("netsec_systems"."protection_level" is null or "netsec_systems"."protection_level" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "netsec_cards" ADD CONSTRAINT "netsec_cards_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_cards" ADD CONSTRAINT "netsec_cards_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_cards" ADD CONSTRAINT "netsec_cards_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_cards" ADD CONSTRAINT "netsec_cards_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_cards" ADD CONSTRAINT "netsec_cards_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_reports" ADD CONSTRAINT "netsec_reports_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_reports" ADD CONSTRAINT "netsec_reports_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_reports" ADD CONSTRAINT "netsec_reports_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_reports" ADD CONSTRAINT "netsec_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_systems" ADD CONSTRAINT "netsec_systems_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_systems" ADD CONSTRAINT "netsec_systems_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_systems" ADD CONSTRAINT "netsec_systems_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "netsec_systems" ADD CONSTRAINT "netsec_systems_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "netsec_cards_school_idx" ON "netsec_cards" USING btree ("school_id","fix_by");--> statement-breakpoint
CREATE INDEX "netsec_cards_path_idx" ON "netsec_cards" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "netsec_reports_path_idx" ON "netsec_reports" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "netsec_reports_school_month_uq" ON "netsec_reports" USING btree ("school_id","month") WHERE "netsec_reports"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "netsec_systems_school_idx" ON "netsec_systems" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "netsec_systems_path_idx" ON "netsec_systems" USING btree ("school_path" text_pattern_ops);
--> statement-breakpoint
-- custom (hand-written)
-- The compliance rollup reads the cards and the monthly reports (000 item 8): a change marks the school
-- for evaluation again, like the ledgers of 0009 and 0022.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES ('netsec_cards'), ('netsec_reports')) AS v(tab) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_ins', t.tab, 'school_id');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_upd', t.tab, 'school_id');
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty(%L)', t.tab || '_dirty_del', t.tab, 'school_id');
  END LOOP;
END $$;
--> statement-breakpoint
-- Red and yellow cards are the bureau's (000 item 8: 网络安全红黄牌): its administrator and the
-- departments (the network-security department among them) issue, close and send them back.
INSERT INTO role_permissions (role_key, permission) VALUES ('bureau_admin', 'netsec.card'), ('department_officer', 'netsec.card');
