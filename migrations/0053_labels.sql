CREATE TABLE "labels" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"code" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" integer,
	"revoke_reason" text,
	CONSTRAINT "labels_kind_ck" CHECK ("labels"."kind" in ('building','floor','canteen','lab_store','gate','equipment')),
	CONSTRAINT "labels_code_ck" CHECK ("labels"."code" ~ '^[0-9a-f]{32}$'),
	CONSTRAINT "labels_revoked_ck" CHECK (("labels"."revoked_at" is null) = ("labels"."revoke_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labels" ADD CONSTRAINT "labels_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "labels_code_uq" ON "labels" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "labels_current_uq" ON "labels" USING btree ("school_id","kind","ref") WHERE "labels"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "labels_path_idx" ON "labels" USING btree ("school_path" text_pattern_ops);