ALTER TABLE "compliance_findings" ADD COLUMN "digest" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- custom (hand-written)
-- A state's finding (a rule of period 'current') has no period any more (engine.ts, finding). The
-- year's record had kept it on every day a period ended, under that day, where periods.service.ts
-- means to keep it at each month's end as the month's state: the month ends become the month's
-- state, the other days go.
UPDATE "compliance_periods"
SET "period_key" = 'state:' || to_char("ends_on", 'YYYY-MM'),
    "period" = jsonb_build_object(
      'kind', 'current',
      'key', 'state:' || to_char("ends_on", 'YYYY-MM'),
      'label', extract(year from "ends_on")::int || '年' || extract(month from "ends_on")::int || '月末',
      'startsOn', to_char(date_trunc('month', "ends_on"), 'YYYY-MM-DD'),
      'endsOn', to_char("ends_on", 'YYYY-MM-DD'))
WHERE "period"->>'kind' = 'current' AND "period_key" NOT LIKE 'state:%'
  AND "ends_on" = (date_trunc('month', "ends_on") + interval '1 month - 1 day')::date;--> statement-breakpoint
DELETE FROM "compliance_periods" WHERE "period"->>'kind' = 'current' AND "period_key" NOT LIKE 'state:%';--> statement-breakpoint
-- A hazard opened from a state's finding was keyed by the day it was opened, so the next day's
-- finding did not find it: key it as findingKey now does.
UPDATE "hazards" SET "item_key" = regexp_replace("item_key", ':[0-9]{4}-[0-9]{2}-[0-9]{2}$', ':current')
WHERE "source" = 'compliance' AND "item_key" ~ '^compliance:[^:]+:[0-9]{4}-[0-9]{2}-[0-9]{2}$';
