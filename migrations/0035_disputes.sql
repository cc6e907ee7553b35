CREATE TABLE "disputes" (
	"id" serial PRIMARY KEY NOT NULL,
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
	"kind" text NOT NULL,
	"parties" text NOT NULL,
	"channel" text,
	"received_on" date NOT NULL,
	"petitioners" integer,
	"petitioner_name" text,
	"summary" text NOT NULL,
	"handler_name" text NOT NULL,
	"due_on" date NOT NULL,
	"may_escalate" boolean DEFAULT false NOT NULL,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"concluded_on" date,
	"conclusion" text,
	"petitioner_view" text,
	"risk_id" integer,
	CONSTRAINT "disputes_status_ck" CHECK ("disputes"."status" in ('recorded','voided')),
	CONSTRAINT "disputes_kind_ck" CHECK ("disputes"."kind" in ('dispute','petition')),
	CONSTRAINT "disputes_petition_ck" CHECK (("disputes"."kind" = 'petition') = ("disputes"."channel" is not null)),
	CONSTRAINT "disputes_petitioners_ck" CHECK ("disputes"."petitioners" is null or "disputes"."petitioners" >= 1),
	CONSTRAINT "disputes_concluded_ck" CHECK ("disputes"."concluded_on" is null or "disputes"."concluded_on" >= "disputes"."received_on"),
	CONSTRAINT "disputes_view_ck" CHECK ("disputes"."petitioner_view" is null or "disputes"."petitioner_view" in ('satisfied','basic','dissatisfied'))
);
--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_risk_id_risk_points_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risk_points"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disputes_school_idx" ON "disputes" USING btree ("school_id","received_on");--> statement-breakpoint
CREATE INDEX "disputes_district_idx" ON "disputes" USING btree ("district_id","concluded_on","due_on");--> statement-breakpoint
CREATE INDEX "disputes_path_idx" ON "disputes" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
-- custom (hand-written)
-- Disputes and petitions (issue 22): read by the school's leaders, towns and the bureau; written by
-- the school's leaders, towns and the bureau administrator (who may appoint every role).
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'dispute.read'), ('bureau_admin', 'dispute.read'), ('bureau_admin', 'dispute.manage'),
  ('town_officer', 'dispute.read'), ('town_officer', 'dispute.manage'),
  ('principal', 'dispute.read'), ('principal', 'dispute.manage'),
  ('school_safety_officer', 'dispute.read'), ('school_safety_officer', 'dispute.manage')
ON CONFLICT DO NOTHING;
