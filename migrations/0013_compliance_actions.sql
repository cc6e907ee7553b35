-- Oversight of missed compliance findings (issue 4): the bureau's administrator, departments and
-- towns may open a hazard from a missed finding or send the school a rectification notice
-- (整改通知). Hazards opened so have source 'compliance' and item_key 'compliance:<rule>:<period>'.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_admin', 'compliance.act'),
  ('department_officer', 'compliance.act'),
  ('town_officer', 'compliance.act')
ON CONFLICT DO NOTHING;
