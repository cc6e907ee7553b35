-- A hazard's signed history cannot be edited or removed (签字压责, 001): whoever connects.
CREATE OR REPLACE FUNCTION hazard_steps_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'hazard_steps is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER hazard_steps_no_update_delete BEFORE UPDATE OR DELETE ON hazard_steps
  FOR EACH ROW EXECUTE FUNCTION hazard_steps_refuse_change();
--> statement-breakpoint
CREATE TRIGGER hazard_steps_no_truncate BEFORE TRUNCATE ON hazard_steps
  FOR EACH STATEMENT EXECUTE FUNCTION hazard_steps_refuse_change();
--> statement-breakpoint
-- A department officer sees every school, but hazards only of the areas the department owns.
UPDATE roles SET scope = 'areas' WHERE key = 'department_officer';
--> statement-breakpoint
-- Who may do what in the hazard loop. Towns and the bureau administrator hold hazard.rectify so
-- that they may still grant the principal's role (nobody grants more than they hold); rectifying
-- itself is limited to the school's people or the assignee by the workflow (src/domain/hazard-workflow.ts).
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'checklist.read'), ('bureau_leader', 'inspection.read'), ('bureau_leader', 'hazard.read'), ('bureau_leader', 'campaign.read'),
  ('bureau_admin', 'checklist.read'), ('bureau_admin', 'checklist.manage'),
  ('bureau_admin', 'inspection.read'), ('bureau_admin', 'inspection.manage'), ('bureau_admin', 'inspection.perform'),
  ('bureau_admin', 'hazard.read'), ('bureau_admin', 'hazard.report'), ('bureau_admin', 'hazard.assign'), ('bureau_admin', 'hazard.rectify'), ('bureau_admin', 'hazard.accept'),
  ('bureau_admin', 'campaign.read'), ('bureau_admin', 'campaign.manage'), ('bureau_admin', 'campaign.report'),
  ('department_officer', 'checklist.read'),
  ('department_officer', 'inspection.read'), ('department_officer', 'inspection.manage'), ('department_officer', 'inspection.perform'),
  ('department_officer', 'hazard.read'), ('department_officer', 'hazard.report'), ('department_officer', 'hazard.assign'), ('department_officer', 'hazard.accept'),
  ('department_officer', 'campaign.read'), ('department_officer', 'campaign.report'),
  ('town_officer', 'checklist.read'),
  ('town_officer', 'inspection.read'), ('town_officer', 'inspection.manage'), ('town_officer', 'inspection.perform'),
  ('town_officer', 'hazard.read'), ('town_officer', 'hazard.report'), ('town_officer', 'hazard.assign'), ('town_officer', 'hazard.rectify'), ('town_officer', 'hazard.accept'),
  ('town_officer', 'campaign.read'),
  ('principal', 'checklist.read'),
  ('principal', 'inspection.read'), ('principal', 'inspection.manage'), ('principal', 'inspection.perform'),
  ('principal', 'hazard.read'), ('principal', 'hazard.report'), ('principal', 'hazard.assign'), ('principal', 'hazard.rectify'), ('principal', 'hazard.accept'),
  ('principal', 'campaign.read'),
  ('school_safety_officer', 'checklist.read'),
  ('school_safety_officer', 'inspection.read'), ('school_safety_officer', 'inspection.manage'), ('school_safety_officer', 'inspection.perform'),
  ('school_safety_officer', 'hazard.read'), ('school_safety_officer', 'hazard.report'), ('school_safety_officer', 'hazard.rectify'),
  ('school_safety_officer', 'campaign.read'),
  ('teacher', 'inspection.read'), ('teacher', 'hazard.read'), ('teacher', 'hazard.report'),
  ('inspector', 'checklist.read'), ('inspector', 'inspection.read'), ('inspector', 'inspection.perform'),
  ('inspector', 'hazard.read'), ('inspector', 'hazard.report'), ('inspector', 'campaign.read');
