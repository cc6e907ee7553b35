-- custom (hand-written)
-- A construction site found not isolated from the pupils (001 item 18) is one open hazard at a time,
-- however many failed checks arrive at once (like buildings, 0036).
CREATE UNIQUE INDEX hazards_construction_open_uq ON hazards (item_key) WHERE source = 'construction_check' AND status <> 'closed';
