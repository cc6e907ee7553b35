CREATE TABLE "care_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"record_id" integer NOT NULL,
	"follow_up_id" integer,
	"name_enc" text NOT NULL,
	"sha256_enc" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" integer NOT NULL,
	"uploaded_by_name" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_files_size_ck" CHECK ("care_files"."size" > 0),
	CONSTRAINT "care_files_sealed_ck" CHECK ("care_files"."name_enc" like 'v1.%' and "care_files"."sha256_enc" like 'v1.%' and substring("care_files"."content" from 1 for 4) = '\x41585331'::bytea)
);
--> statement-breakpoint
ALTER TABLE "care_files" ADD CONSTRAINT "care_files_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_files" ADD CONSTRAINT "care_files_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_files" ADD CONSTRAINT "care_files_record_id_care_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."care_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_files" ADD CONSTRAINT "care_files_follow_up_id_care_follow_ups_id_fk" FOREIGN KEY ("follow_up_id") REFERENCES "public"."care_follow_ups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_files" ADD CONSTRAINT "care_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "care_files_record_idx" ON "care_files" USING btree ("record_id","id");