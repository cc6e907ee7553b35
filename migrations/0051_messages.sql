CREATE TABLE "message_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"channel_id" integer NOT NULL,
	"outbox_id" bigint,
	"kind" text NOT NULL,
	"title" text,
	"attempt" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"http_status" integer,
	"error" text,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"kinds" text[] NOT NULL,
	"include_below" boolean DEFAULT false NOT NULL,
	"secrets_enc" text NOT NULL,
	"url_hint" text NOT NULL,
	"secret_set" boolean DEFAULT false NOT NULL,
	"key_set" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"failing_since" timestamp with time zone,
	"last_ok_at" timestamp with time zone,
	"last_error" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "message_channels_kind_ck" CHECK ("message_channels"."kind" in ('wecom','dingtalk','feishu','webhook','sms'))
);
--> statement-breakpoint
CREATE TABLE "message_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"channel_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"link" text,
	"dedupe_key" text NOT NULL,
	"user_ids" integer[] NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "message_outbox_status_ck" CHECK ("message_outbox"."status" in ('pending','sent','gave_up'))
);
--> statement-breakpoint
ALTER TABLE "message_attempts" ADD CONSTRAINT "message_attempts_channel_id_message_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."message_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_channels" ADD CONSTRAINT "message_channels_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_outbox" ADD CONSTRAINT "message_outbox_channel_id_message_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."message_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "message_attempts_channel_idx" ON "message_attempts" USING btree ("channel_id","id");--> statement-breakpoint
CREATE INDEX "message_attempts_district_idx" ON "message_attempts" USING btree ("district_id","id");--> statement-breakpoint
CREATE INDEX "message_channels_district_idx" ON "message_channels" USING btree ("district_id","unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "message_outbox_dedupe_uq" ON "message_outbox" USING btree ("channel_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "message_outbox_due_idx" ON "message_outbox" USING btree ("next_attempt_at") WHERE "message_outbox"."status" = 'pending';--> statement-breakpoint
-- Messages out (issue 17): the district's administrators configure every channel of the district,
-- a town's and a school's administrators (who manage their own people) those of their unit and below.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_admin', 'message.manage'), ('town_officer', 'message.manage'), ('principal', 'message.manage');
