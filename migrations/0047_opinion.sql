CREATE TABLE "opinion_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"unit_path" text NOT NULL,
	"unit_to_assign" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"title" text NOT NULL,
	"link" text NOT NULL,
	"summary" text,
	"found_at" timestamp with time zone NOT NULL,
	"level" text NOT NULL,
	"origin" text NOT NULL,
	"external_id" text,
	"reach" integer,
	"incident_id" integer,
	"dispute_id" integer,
	"draft" text,
	"drafted_by" integer,
	"drafted_by_name" text,
	"drafted_at" timestamp with time zone,
	"approved_by" integer,
	"approved_by_name" text,
	"approved_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"published_channel" text,
	"published_link" text,
	"closed_at" timestamp with time zone,
	"closed_by" integer,
	"closing_note" text,
	"created_by" integer,
	"created_by_name" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opinion_events_source_ck" CHECK ("opinion_events"."source" in ('weibo','wechat','douyin','kuaishou','news','forum','other')),
	CONSTRAINT "opinion_events_level_ck" CHECK ("opinion_events"."level" in ('general','major','severe')),
	CONSTRAINT "opinion_events_origin_ck" CHECK ("opinion_events"."origin" in ('manual','webhook')),
	CONSTRAINT "opinion_events_external_ck" CHECK (("opinion_events"."origin" = 'webhook') = ("opinion_events"."external_id" is not null)),
	CONSTRAINT "opinion_events_reach_ck" CHECK ("opinion_events"."reach" is null or "opinion_events"."reach" >= 0),
	CONSTRAINT "opinion_events_approved_ck" CHECK ("opinion_events"."approved_at" is null or "opinion_events"."draft" is not null),
	CONSTRAINT "opinion_events_published_ck" CHECK ("opinion_events"."published_at" is null or ("opinion_events"."approved_at" is not null and "opinion_events"."published_at" >= "opinion_events"."found_at"))
);
--> statement-breakpoint
ALTER TABLE "opinion_events" ADD CONSTRAINT "opinion_events_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_events" ADD CONSTRAINT "opinion_events_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_events" ADD CONSTRAINT "opinion_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_events" ADD CONSTRAINT "opinion_events_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_events" ADD CONSTRAINT "opinion_events_drafted_by_users_id_fk" FOREIGN KEY ("drafted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_events" ADD CONSTRAINT "opinion_events_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_events" ADD CONSTRAINT "opinion_events_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opinion_events" ADD CONSTRAINT "opinion_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "opinion_events_external_uq" ON "opinion_events" USING btree ("district_id","external_id");--> statement-breakpoint
CREATE INDEX "opinion_events_district_idx" ON "opinion_events" USING btree ("district_id","found_at");--> statement-breakpoint
CREATE INDEX "opinion_events_path_idx" ON "opinion_events" USING btree ("unit_path" text_pattern_ops);--> statement-breakpoint
-- custom (hand-written)
-- Public opinion events (issue 22): read by the bureau's people (the whole district), a town for its
-- own units, a school's leaders for their school (scope by unit path); entered and answered by the
-- bureau administrator, the departments, the towns and the school safety officer; the response
-- approved by the bureau's leaders and administrator (002: 在上级部门指导下及时正面发声).
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'opinion.read'), ('bureau_leader', 'opinion.approve'),
  ('bureau_admin', 'opinion.read'), ('bureau_admin', 'opinion.manage'), ('bureau_admin', 'opinion.approve'),
  ('department_officer', 'opinion.read'), ('department_officer', 'opinion.manage'),
  ('town_officer', 'opinion.read'), ('town_officer', 'opinion.manage'),
  ('principal', 'opinion.read'),
  ('school_safety_officer', 'opinion.read'), ('school_safety_officer', 'opinion.manage')
ON CONFLICT DO NOTHING;
