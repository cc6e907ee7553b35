-- The audit trail is append-only: whoever connects, UPDATE, DELETE and TRUNCATE are refused.
CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
--> statement-breakpoint
-- Roles and their permissions, kept as data. 'district' scope sees the whole district;
-- 'unit' scope sees the person's own unit and everything below it.
INSERT INTO roles (key, name, scope, unit_kinds, sort) VALUES
  ('bureau_leader', '局领导', 'district', '{bureau,city_bureau}', 1),
  ('bureau_admin', '局安全管理员', 'district', '{bureau,city_bureau,department}', 2),
  ('department_officer', '科室人员', 'district', '{department}', 3),
  ('town_officer', '镇街人员', 'unit', '{town}', 4),
  ('principal', '校长', 'unit', '{school}', 5),
  ('school_safety_officer', '学校安全员', 'unit', '{school}', 6),
  ('teacher', '教师', 'unit', '{school}', 7),
  ('inspector', '检查人员', 'district', '{bureau,department,town}', 8);
--> statement-breakpoint
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'unit.read'), ('bureau_leader', 'user.read'), ('bureau_leader', 'role.read'), ('bureau_leader', 'audit.read'),
  ('bureau_admin', 'unit.read'), ('bureau_admin', 'unit.manage'), ('bureau_admin', 'user.read'), ('bureau_admin', 'user.manage'),
  ('bureau_admin', 'role.read'), ('bureau_admin', 'audit.read'), ('bureau_admin', 'import.run'),
  ('department_officer', 'unit.read'),
  ('town_officer', 'unit.read'), ('town_officer', 'user.read'), ('town_officer', 'user.manage'),
  ('principal', 'unit.read'), ('principal', 'user.read'), ('principal', 'user.manage'),
  ('school_safety_officer', 'unit.read'), ('school_safety_officer', 'user.read'),
  ('teacher', 'unit.read'),
  ('inspector', 'unit.read');
