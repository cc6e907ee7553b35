-- custom (hand-written)
-- A bureau leader's patch visit can start a spot check of the school with the leader as its
-- inspector (issue 14, 001 item 2 分片包靠; 领导带队检查): the leader reads, starts and fills inspections.
INSERT INTO role_permissions (role_key, permission) VALUES
  ('bureau_leader', 'inspection.read'), ('bureau_leader', 'inspection.manage'), ('bureau_leader', 'inspection.perform')
ON CONFLICT DO NOTHING;
