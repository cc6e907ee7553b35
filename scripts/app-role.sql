-- The least-privilege role the app runs as on PostgreSQL (issue 11 item 5; ARCHITECTURE.md,
-- "Database roles"). Run as the owner role (the one that ran `npm run db:migrate`), in the app's
-- database, after the migrations and again after any that adds an append-only table:
--   psql "$OWNER_DATABASE_URL" -f scripts/app-role.sql
-- The role itself is made once by a superuser or a CREATEROLE role:
--   CREATE ROLE anxiao_app LOGIN PASSWORD '…' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
-- It owns nothing, so it cannot ALTER a table (nor disable its triggers); not being a superuser it
-- cannot set session_replication_role = replica (which would skip them) either.
GRANT USAGE ON SCHEMA public TO anxiao_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO anxiao_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO anxiao_app;
-- The append-only tables: written and read, never changed. Their triggers refuse it as well.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, hazard_steps FROM anxiao_app;
-- Incidents (issue 13): the reports, receipts and determinations are the signed history, append-only too.
REVOKE UPDATE, DELETE, TRUNCATE ON incident_reports, incident_receipts, incident_determinations FROM anxiao_app;
-- The app checks at start whether a migration is pending, and applies none itself.
GRANT USAGE ON SCHEMA drizzle TO anxiao_app;
GRANT SELECT ON drizzle.__drizzle_migrations TO anxiao_app;
-- Tables and sequences the owner creates later (new migrations) are usable without a rerun.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO anxiao_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO anxiao_app;
