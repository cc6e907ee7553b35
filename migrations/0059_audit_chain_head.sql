-- The head of a district's audit chain, read under the chain's lock in one round trip (issue 19):
-- the lock and the read were two statements, and the lock is held until commit, so every round
-- trip while it is held is time every other writer of the district waits. A statement of a
-- VOLATILE function takes a new snapshot under READ COMMITTED, so the read after the lock sees
-- the event the previous holder committed.
CREATE OR REPLACE FUNCTION audit_chain_head(lock_key int, p_district_id int) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key, coalesce(p_district_id, 0));
  IF p_district_id IS NULL THEN
    RETURN (SELECT hash FROM audit_events WHERE district_id IS NULL ORDER BY id DESC LIMIT 1);
  END IF;
  RETURN (SELECT hash FROM audit_events WHERE district_id = p_district_id ORDER BY id DESC LIMIT 1);
END
$$;
