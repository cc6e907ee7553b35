CREATE TABLE "video_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"name" text NOT NULL,
	"area" text NOT NULL,
	"url" text NOT NULL,
	"platform" text,
	"notes" text,
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
	CONSTRAINT "video_links_status_ck" CHECK ("video_links"."status" in ('recorded','voided')),
	CONSTRAINT "video_links_area_ck" CHECK ("video_links"."area" in ('gate','canteen','perimeter','dormitory','other')),
	CONSTRAINT "video_links_url_ck" CHECK ("video_links"."url" ~* '^https?://')
);
--> statement-breakpoint
ALTER TABLE "video_links" ADD CONSTRAINT "video_links_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_links" ADD CONSTRAINT "video_links_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_links" ADD CONSTRAINT "video_links_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "video_links" ADD CONSTRAINT "video_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "video_links_school_idx" ON "video_links" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "video_links_path_idx" ON "video_links" USING btree ("school_path" text_pattern_ops);
--> statement-breakpoint
-- custom (hand-written)
-- The links are read by whoever may patrol a school (bureau, departments, towns, inspectors) and by
-- the school that keeps them; the school's principal and safety officer and the bureau keep them.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'video_link.read'),
  ('bureau_admin', 'video_link.read'), ('bureau_admin', 'video_link.manage'),
  ('department_officer', 'video_link.read'),
  ('town_officer', 'video_link.read'),
  ('inspector', 'video_link.read'),
  ('principal', 'video_link.read'), ('principal', 'video_link.manage'),
  ('school_safety_officer', 'video_link.read'), ('school_safety_officer', 'video_link.manage')
ON CONFLICT DO NOTHING;
