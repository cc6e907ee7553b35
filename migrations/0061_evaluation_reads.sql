-- custom (hand-written)
-- The compliance evaluation reads a batch of 100 schools at a time (BENCHMARKS.md, issue 15), and these
-- two indexes let PostgreSQL answer from the index alone, in an order that needs no sort. drizzle-kit cannot
-- declare INCLUDE: the schema keeps the keys and the predicate.
-- Each person's training hours per window: the rows of one person come together, so they are summed
-- as they are read, with no sort or hash.
CREATE INDEX "trainings_school_staff_idx" ON "trainings" USING btree ("school_id","staff_id","ends_on") INCLUDE ("district_id","hours") WHERE "trainings"."status" = 'recorded';--> statement-breakpoint
-- The letters' signatures of a batch of schools, from the index instead of a parallel scan of every
-- school's.
CREATE INDEX "letter_signatures_unit_idx" ON "letter_signatures" USING btree ("unit_id","id") INCLUDE ("district_id","letter_id","staff_id","signed_on");
