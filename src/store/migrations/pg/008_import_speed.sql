-- 008_import_speed (PostgreSQL): what a large import needs to be fast
-- (pg_import_bulk.c; bench/pg.sh measures it).
--
-- A large import into a small table sets the secondary indexes of the
-- referral tables aside and builds them again at its end, each in one
-- sorted pass: maintained row by row during COPY they cost more than the
-- rows themselves (1,000,000 CPS rows: ip_events 12-17 s of server CPU
-- with its address index, 5-6 s without; referral_files 16 s with its
-- md5 and sha1 indexes, 4 s without). Their definitions are kept here, in the same
-- transaction that drops them, so that whoever finds them missing - the
-- import at its end, or any later open after a crash - rebuilds exactly
-- what the migrations made. The unique keys that de-duplicate rows are
-- never set aside: idempotence does not depend on this.
CREATE TABLE import_deferred_indexes (
	name       text PRIMARY KEY,
	definition text NOT NULL,
	set_aside  timestamptz NOT NULL
);

-- The referral's import (referrals.import_id) is checked once per COPY of
-- referrals (pg_referral_send.c) rather than by a foreign key: PostgreSQL
-- runs a trigger query per row for it, which cost half of the referrals'
-- COPY (30,826 referrals: 0.60 s of server CPU with it, 0.27 s without).
-- A referral naming an import the log does not hold still fails its batch
-- with a conflict (test_store_referral_batches); imports are never deleted.
ALTER TABLE referrals DROP CONSTRAINT referrals_import_id_fkey;

-- File hashes are hex (or base32) digests compared for equality: byte
-- order ("C") is their natural order, SQLite's too, and PostgreSQL sorts
-- and compares C text with memcmp and abbreviated keys, where a libc
-- locale calls strcoll for each comparison. Building referral_files_md5
-- at the end of a 1,000,000-row CPS import: 3.7 s of CPU in C.UTF-8,
-- 2.2 s in "C"; the unique key, which holds them too, is cheaper to keep.
ALTER TABLE referral_files ALTER COLUMN md5 TYPE text COLLATE "C",
	ALTER COLUMN sha1 TYPE text COLLATE "C", ALTER COLUMN sha256 TYPE text COLLATE "C",
	ALTER COLUMN md4 TYPE text COLLATE "C", ALTER COLUMN infohash TYPE text COLLATE "C";
