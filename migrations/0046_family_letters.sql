CREATE TABLE "family_letter_classes" (
	"id" serial PRIMARY KEY NOT NULL,
	"letter_id" integer NOT NULL,
	"class_name" text NOT NULL,
	"pupils" integer NOT NULL,
	"teacher_name" text,
	"teacher_user_id" integer,
	CONSTRAINT "family_letter_classes_pupils_ck" CHECK ("family_letter_classes"."pupils" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "family_letter_slips" (
	"id" serial PRIMARY KEY NOT NULL,
	"letter_id" integer NOT NULL,
	"class_id" integer NOT NULL,
	"seat" smallint NOT NULL,
	"token" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"method" text,
	"relationship" text,
	"recorded_by" integer,
	CONSTRAINT "family_letter_slips_confirmed_ck" CHECK (("family_letter_slips"."confirmed_at" is null) = ("family_letter_slips"."method" is null)),
	CONSTRAINT "family_letter_slips_method_ck" CHECK ("family_letter_slips"."method" is null or "family_letter_slips"."method" in ('link','paper')),
	CONSTRAINT "family_letter_slips_rel_ck" CHECK ("family_letter_slips"."relationship" is null or "family_letter_slips"."relationship" in ('father','mother','grandparent','other'))
);
--> statement-breakpoint
CREATE TABLE "family_letters" (
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
	"topic" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"sent_on" date NOT NULL,
	"due_on" date NOT NULL,
	CONSTRAINT "family_letters_status_ck" CHECK ("family_letters"."status" in ('recorded','voided')),
	CONSTRAINT "family_letters_topic_ck" CHECK ("family_letters"."topic" in ('holiday','drowning','traffic','anti_fraud','other')),
	CONSTRAINT "family_letters_due_ck" CHECK ("family_letters"."due_on" >= "family_letters"."sent_on")
);
--> statement-breakpoint
ALTER TABLE "family_letter_classes" ADD CONSTRAINT "family_letter_classes_letter_id_family_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."family_letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_letter_classes" ADD CONSTRAINT "family_letter_classes_teacher_user_id_users_id_fk" FOREIGN KEY ("teacher_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_letter_slips" ADD CONSTRAINT "family_letter_slips_letter_id_family_letters_id_fk" FOREIGN KEY ("letter_id") REFERENCES "public"."family_letters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_letter_slips" ADD CONSTRAINT "family_letter_slips_class_id_family_letter_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."family_letter_classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_letter_slips" ADD CONSTRAINT "family_letter_slips_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_letters" ADD CONSTRAINT "family_letters_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_letters" ADD CONSTRAINT "family_letters_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_letters" ADD CONSTRAINT "family_letters_voided_by_users_id_fk" FOREIGN KEY ("voided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "family_letters" ADD CONSTRAINT "family_letters_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "family_letter_classes_uq" ON "family_letter_classes" USING btree ("letter_id","class_name");--> statement-breakpoint
CREATE INDEX "family_letter_classes_teacher_idx" ON "family_letter_classes" USING btree ("teacher_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "family_letter_slips_token_uq" ON "family_letter_slips" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "family_letter_slips_seat_uq" ON "family_letter_slips" USING btree ("class_id","seat");--> statement-breakpoint
CREATE INDEX "family_letter_slips_letter_idx" ON "family_letter_slips" USING btree ("letter_id");--> statement-breakpoint
CREATE INDEX "family_letters_school_idx" ON "family_letters" USING btree ("school_id","sent_on");--> statement-breakpoint
CREATE INDEX "family_letters_district_idx" ON "family_letters" USING btree ("district_id","sent_on");--> statement-breakpoint
CREATE INDEX "family_letters_path_idx" ON "family_letters" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
-- custom (hand-written)
-- Letters to families (issue 22): the school's principal and safety officer send them; every class
-- teacher reads them (and the seats of their own class); towns and the bureau read the counts. The
-- bureau administrator holds manage too, as it must hold every permission of the roles it grants
-- (domain/roles.ts); above the school it still sees no seat (family-letters.service.ts).
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'family_letter.read'),
  ('bureau_admin', 'family_letter.read'), ('bureau_admin', 'family_letter.manage'),
  ('department_officer', 'family_letter.read'),
  ('town_officer', 'family_letter.read'),
  ('principal', 'family_letter.read'), ('principal', 'family_letter.manage'),
  ('school_safety_officer', 'family_letter.read'), ('school_safety_officer', 'family_letter.manage'),
  ('teacher', 'family_letter.read')
ON CONFLICT DO NOTHING;
