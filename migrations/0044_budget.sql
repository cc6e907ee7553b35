CREATE TABLE "safety_budgets" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"year" integer NOT NULL,
	"lines" jsonb NOT NULL,
	"budget_fen" bigint NOT NULL,
	"spent_fen" bigint NOT NULL,
	"guard_wages_fen" bigint NOT NULL,
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
	CONSTRAINT "safety_budgets_status_ck" CHECK ("safety_budgets"."status" in ('recorded','voided')),
	CONSTRAINT "safety_budgets_year_ck" CHECK ("safety_budgets"."year" between 2000 and 2100),
	CONSTRAINT "safety_budgets_amounts_ck" CHECK ("safety_budgets"."budget_fen" >= 0 and "safety_budgets"."spent_fen" >= 0 and "safety_budgets"."guard_wages_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "safety_budgets" ADD CONSTRAINT "safety_budgets_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_budgets" ADD CONSTRAINT "safety_budgets_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_budgets" ADD CONSTRAINT "safety_budgets_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_budgets" ADD CONSTRAINT "safety_budgets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "safety_budgets_school_year_uq" ON "safety_budgets" USING btree ("school_id","year") WHERE "safety_budgets"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "safety_budgets_district_year_idx" ON "safety_budgets" USING btree ("district_id","year") WHERE "safety_budgets"."status" = 'recorded';--> statement-breakpoint
CREATE INDEX "safety_budgets_path_idx" ON "safety_budgets" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
-- custom (hand-written)
-- The compliance rollup reads each school's budget (budget.guards_funded): a change marks its
-- school for evaluation again, like 0009.
DO $$
BEGIN
  CREATE TRIGGER safety_budgets_dirty_ins AFTER INSERT ON safety_budgets REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
  CREATE TRIGGER safety_budgets_dirty_upd AFTER UPDATE ON safety_budgets REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION compliance_mark_dirty('school_id');
END $$;
