-- Dates the source did not give. The courts' 2021/2022 tables have no date
-- columns: a backfilled event is dated the earliest the stage machine
-- allows and a registration known only by its year is dated 1 January.
-- These flags keep such dates out of every duration (medians) and let the
-- table say "date not given" instead of showing an invented one.
ALTER TABLE case_events ADD COLUMN date_inferred INTEGER NOT NULL DEFAULT 0
	CHECK (date_inferred IN (0, 1));
ALTER TABLE cases ADD COLUMN registered_inferred INTEGER NOT NULL DEFAULT 0
	CHECK (registered_inferred IN (0, 1));
-- Derived, like the other state columns: bit 0 decision, 1 first instance,
-- 2 appeal, 3 cassation.
ALTER TABLE cases ADD COLUMN inferred_dates INTEGER NOT NULL DEFAULT 0;
