-- Password history (issue 11 item 7): the argon2 hashes of earlier passwords, newest first, so a
-- person cannot change back to a recent password.
ALTER TABLE "users" ADD COLUMN "password_history" text[] DEFAULT '{}'::text[] NOT NULL;
