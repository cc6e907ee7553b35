CREATE INDEX "message_attempts_at_idx" ON "message_attempts" USING btree ("at");--> statement-breakpoint
CREATE INDEX "message_outbox_done_idx" ON "message_outbox" USING btree ("done_at") WHERE "message_outbox"."status" <> 'pending';--> statement-breakpoint
-- QR labels issued when the thing is recorded, not when a school's labels are first listed (issue 17:
-- a read that wrote, refused on a read replica). The things are those labels.service.ts thingsOf()
-- reads: buildings and their floors, the canteen, lab stores (chemicals.store), the gates of the
-- latest security profile, special equipment. Issued by triggers, so every write path (the
-- services, the ledger imports, the demo loader) issues them alike. The code is the labels.code
-- column default, the same gen_random_uuid() as every code issued before: SQL issues codes exactly
-- as the service did. Idempotent (the partial unique index labels_current_uq, ON CONFLICT DO NOTHING).
CREATE OR REPLACE FUNCTION labels_issue(p_school integer, p_kind text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s record;
BEGIN
  SELECT id, district_id, path, canteen INTO s FROM units WHERE id = p_school AND kind = 'school';
  IF NOT FOUND THEN
    RETURN;
  END IF;
  INSERT INTO labels (district_id, school_id, school_path, kind, ref)
  SELECT s.district_id, s.id, s.path, t.kind, t.ref FROM (
    SELECT 'building'::text AS kind, b.id::text AS ref FROM buildings b
      WHERE b.school_id = s.id AND b.status = 'recorded' AND (p_kind IS NULL OR p_kind = 'building')
    UNION ALL
    SELECT 'floor', b.id::text || ':' || f::text FROM buildings b CROSS JOIN LATERAL generate_series(1, b.floors) f
      WHERE b.school_id = s.id AND b.status = 'recorded' AND (p_kind IS NULL OR p_kind = 'building')
    UNION ALL
    SELECT 'canteen', 'canteen' WHERE s.canteen AND (p_kind IS NULL OR p_kind = 'canteen')
    UNION ALL
    SELECT DISTINCT 'lab_store', c.store FROM chemicals c
      WHERE c.school_id = s.id AND c.status = 'recorded' AND (p_kind IS NULL OR p_kind = 'lab_store')
    UNION ALL
    SELECT DISTINCT 'gate', g.value->>'name' FROM (
        SELECT gates FROM security_profiles WHERE school_id = s.id ORDER BY recorded_on DESC, id DESC LIMIT 1
      ) p CROSS JOIN LATERAL jsonb_array_elements(p.gates) g
      WHERE (p_kind IS NULL OR p_kind = 'gate') AND g.value->>'name' IS NOT NULL
    UNION ALL
    SELECT 'equipment', e.id::text FROM special_equipment e
      WHERE e.school_id = s.id AND e.status = 'recorded' AND (p_kind IS NULL OR p_kind = 'equipment')
  ) t
  ORDER BY t.kind, t.ref
  ON CONFLICT DO NOTHING;
END $$;
--> statement-breakpoint
-- Statement level: an import of a thousand rows issues once per school, not once per row.
-- TG_ARGV: the changed rows' school column, the kind of thing ('building' covers its floors).
CREATE OR REPLACE FUNCTION labels_issue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('SELECT labels_issue(x.school, %L) FROM (SELECT DISTINCT %I AS school FROM changed_rows) x', TG_ARGV[1], TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER buildings_labels_ins AFTER INSERT ON buildings REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_issue_changed('school_id', 'building');
--> statement-breakpoint
CREATE TRIGGER buildings_labels_upd AFTER UPDATE ON buildings REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_issue_changed('school_id', 'building');
--> statement-breakpoint
CREATE TRIGGER chemicals_labels_ins AFTER INSERT ON chemicals REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_issue_changed('school_id', 'lab_store');
--> statement-breakpoint
CREATE TRIGGER chemicals_labels_upd AFTER UPDATE ON chemicals REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_issue_changed('school_id', 'lab_store');
--> statement-breakpoint
CREATE TRIGGER security_profiles_labels_ins AFTER INSERT ON security_profiles REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_issue_changed('school_id', 'gate');
--> statement-breakpoint
CREATE TRIGGER security_profiles_labels_upd AFTER UPDATE ON security_profiles REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_issue_changed('school_id', 'gate');
--> statement-breakpoint
CREATE TRIGGER special_equipment_labels_ins AFTER INSERT ON special_equipment REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_issue_changed('school_id', 'equipment');
--> statement-breakpoint
CREATE TRIGGER special_equipment_labels_upd AFTER UPDATE ON special_equipment REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_issue_changed('school_id', 'equipment');
--> statement-breakpoint
CREATE TRIGGER units_labels_ins AFTER INSERT ON units REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_issue_changed('id', 'canteen');
--> statement-breakpoint
CREATE TRIGGER units_labels_upd AFTER UPDATE ON units REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_issue_changed('id', 'canteen');
--> statement-breakpoint
-- A lab store and a gate are keyed by name (neither has a record of its own: a store is the
-- `store` its chemicals name, a gate an entry of the profile's gates). A rename carries the printed
-- code over, so the label on the door keeps working. A store is renamed when an edit moves its last
-- recorded chemical to a name that has no code yet (a store emptied chemical by chemical into a
-- name that already got a code keeps the new code; the old label then opens nothing and is revoked).
-- Row level, so it sees the old name; it fires before the statement-level issuing above.
CREATE OR REPLACE FUNCTION labels_store_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'recorded' AND NEW.status = 'recorded'
    AND NOT EXISTS (SELECT 1 FROM chemicals WHERE school_id = OLD.school_id AND store = OLD.store AND status = 'recorded')
    AND NOT EXISTS (SELECT 1 FROM labels WHERE school_id = NEW.school_id AND kind = 'lab_store' AND ref = NEW.store AND revoked_at IS NULL) THEN
    UPDATE labels SET ref = NEW.store WHERE school_id = OLD.school_id AND kind = 'lab_store' AND ref = OLD.store AND revoked_at IS NULL;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER chemicals_labels_rename AFTER UPDATE OF store ON chemicals FOR EACH ROW WHEN (OLD.store IS DISTINCT FROM NEW.store) EXECUTE FUNCTION labels_store_renamed();
--> statement-breakpoint
-- A school records a change of its gates as a new security profile. A gate whose name changed at
-- the same place in the list (the old name gone from the new profile, the new one not in the old)
-- is the same gate renamed: its code goes with it. Only when the new profile is the latest one.
CREATE OR REPLACE FUNCTION labels_gates_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev jsonb;
  old_name text;
  new_name text;
BEGIN
  IF EXISTS (SELECT 1 FROM security_profiles WHERE school_id = NEW.school_id AND id <> NEW.id AND (recorded_on, id) > (NEW.recorded_on, NEW.id)) THEN
    RETURN NULL;
  END IF;
  SELECT gates INTO prev FROM security_profiles WHERE school_id = NEW.school_id AND id <> NEW.id ORDER BY recorded_on DESC, id DESC LIMIT 1;
  IF prev IS NULL THEN
    RETURN NULL;
  END IF;
  FOR i IN 0 .. least(jsonb_array_length(prev), jsonb_array_length(NEW.gates)) - 1 LOOP
    old_name := prev->i->>'name';
    new_name := NEW.gates->i->>'name';
    IF old_name IS DISTINCT FROM new_name
      AND NOT NEW.gates @> jsonb_build_array(jsonb_build_object('name', old_name))
      AND NOT prev @> jsonb_build_array(jsonb_build_object('name', new_name))
      AND NOT EXISTS (SELECT 1 FROM labels WHERE school_id = NEW.school_id AND kind = 'gate' AND ref = new_name AND revoked_at IS NULL) THEN
      UPDATE labels SET ref = new_name WHERE school_id = NEW.school_id AND kind = 'gate' AND ref = old_name AND revoked_at IS NULL;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER security_profiles_labels_rename AFTER INSERT ON security_profiles FOR EACH ROW EXECUTE FUNCTION labels_gates_renamed();
--> statement-breakpoint
-- The things recorded before this migration get their codes now (those already issued are kept).
SELECT labels_issue(id, NULL) FROM units WHERE kind = 'school';
