CREATE TABLE "iot_alerts" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"device_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"cause" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"last_event_at" timestamp with time zone NOT NULL,
	"event_count" integer DEFAULT 0 NOT NULL,
	"cleared_at" timestamp with time zone,
	"cleared_by" integer,
	"cleared_by_name" text,
	"outcome" text,
	"note" text,
	"hazard_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "iot_alerts_cause_ck" CHECK ("iot_alerts"."cause" in ('smoke','over_temperature','alarm','test_failed','offline')),
	CONSTRAINT "iot_alerts_state_ck" CHECK ("iot_alerts"."state" in ('open','cleared','escalated')),
	CONSTRAINT "iot_alerts_cleared_ck" CHECK (("iot_alerts"."state" = 'cleared') = ("iot_alerts"."cleared_at" is not null)),
	CONSTRAINT "iot_alerts_escalated_ck" CHECK ("iot_alerts"."state" <> 'escalated' or "iot_alerts"."hazard_id" is not null),
	CONSTRAINT "iot_alerts_outcome_ck" CHECK ("iot_alerts"."outcome" is null or "iot_alerts"."outcome" in ('handled','false_alarm','recovered'))
);
--> statement-breakpoint
CREATE TABLE "iot_devices" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"school_path" text NOT NULL,
	"uid" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"place" text NOT NULL,
	"temp_limit_c" numeric(5, 1),
	"status" text DEFAULT 'active' NOT NULL,
	"key_enc" text NOT NULL,
	"key_rotated_at" timestamp with time zone NOT NULL,
	"last_event_at" timestamp with time zone,
	"last_heartbeat_at" timestamp with time zone,
	"last_temperature_c" numeric(6, 1),
	"last_test_at" timestamp with time zone,
	"last_test_ok" boolean,
	"retention_days" integer,
	"created_by" integer NOT NULL,
	"created_by_name" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "iot_devices_kind_ck" CHECK ("iot_devices"."kind" in ('smoke','temperature','alarm_button','camera','perimeter')),
	CONSTRAINT "iot_devices_status_ck" CHECK ("iot_devices"."status" in ('active','retired')),
	CONSTRAINT "iot_devices_limit_ck" CHECK ("iot_devices"."temp_limit_c" is null or "iot_devices"."kind" = 'temperature')
);
--> statement-breakpoint
CREATE TABLE "iot_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"district_id" integer NOT NULL,
	"device_id" integer NOT NULL,
	"event_id" text NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"value" numeric(7, 2),
	"ok" boolean,
	"retention_days" integer,
	"alert_id" integer,
	CONSTRAINT "iot_events_kind_ck" CHECK ("iot_events"."kind" in ('heartbeat','smoke','temperature','test','alarm'))
);
--> statement-breakpoint
ALTER TABLE "hazard_steps" ALTER COLUMN "actor_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "iot_alerts" ADD CONSTRAINT "iot_alerts_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "iot_alerts" ADD CONSTRAINT "iot_alerts_device_id_iot_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."iot_devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "iot_alerts" ADD CONSTRAINT "iot_alerts_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "iot_alerts" ADD CONSTRAINT "iot_alerts_cleared_by_users_id_fk" FOREIGN KEY ("cleared_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "iot_alerts" ADD CONSTRAINT "iot_alerts_hazard_id_hazards_id_fk" FOREIGN KEY ("hazard_id") REFERENCES "public"."hazards"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "iot_devices" ADD CONSTRAINT "iot_devices_district_id_districts_id_fk" FOREIGN KEY ("district_id") REFERENCES "public"."districts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "iot_devices" ADD CONSTRAINT "iot_devices_school_id_units_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "iot_devices" ADD CONSTRAINT "iot_devices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "iot_events" ADD CONSTRAINT "iot_events_device_id_iot_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."iot_devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "iot_events" ADD CONSTRAINT "iot_events_alert_id_iot_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."iot_alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "iot_alerts_open_uq" ON "iot_alerts" USING btree ("device_id","cause") WHERE "iot_alerts"."state" = 'open';--> statement-breakpoint
CREATE INDEX "iot_alerts_due_idx" ON "iot_alerts" USING btree ("due_at") WHERE "iot_alerts"."state" = 'open';--> statement-breakpoint
CREATE INDEX "iot_alerts_device_idx" ON "iot_alerts" USING btree ("device_id","id");--> statement-breakpoint
CREATE INDEX "iot_alerts_path_idx" ON "iot_alerts" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "iot_devices_uid_uq" ON "iot_devices" USING btree ("uid");--> statement-breakpoint
CREATE INDEX "iot_devices_school_idx" ON "iot_devices" USING btree ("school_id");--> statement-breakpoint
CREATE INDEX "iot_devices_path_idx" ON "iot_devices" USING btree ("school_path" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "iot_events_device_event_uq" ON "iot_events" USING btree ("device_id","event_id");--> statement-breakpoint
CREATE INDEX "iot_events_device_at_idx" ON "iot_events" USING btree ("device_id","at");--> statement-breakpoint
CREATE INDEX "iot_events_alert_idx" ON "iot_events" USING btree ("alert_id") WHERE "iot_events"."alert_id" is not null;--> statement-breakpoint
-- custom (hand-written)
-- One open hazard per device and cause (issue 17): alerts not cleared in time join it instead of
-- registering another (item key iot:<device>:<cause>, domain/iot.ts deviceHazardKey).
CREATE UNIQUE INDEX hazards_iot_open_uq ON hazards (item_key) WHERE source = 'iot' AND status <> 'closed';--> statement-breakpoint
-- The devices, their events and alerts (issue 17; 004 (四)3): read by the bureau, the departments,
-- a town for its schools and a school's leaders and safety officer for their school; registered,
-- their keys rotated and their alerts cleared by the school's principal and safety officer (and the
-- bureau's administrator, who holds every permission of every role so as to appoint each one).
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'iot.read'),
  ('bureau_admin', 'iot.read'), ('bureau_admin', 'iot.manage'),
  ('department_officer', 'iot.read'),
  ('town_officer', 'iot.read'),
  ('principal', 'iot.read'), ('principal', 'iot.manage'),
  ('school_safety_officer', 'iot.read'), ('school_safety_officer', 'iot.manage')
ON CONFLICT DO NOTHING;
