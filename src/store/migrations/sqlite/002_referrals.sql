-- 002_referrals: NCMEC CyberTipline reports and CPS leads (core/referral.h),
-- their identifiers, IP sightings, files (names and hashes, never content)
-- and locations as given; the link from a referral to the case it led to;
-- the log of imports and the history of supplements.
--
-- Times are UTC seconds since 1970 (INTEGER). The child tables are
-- WITHOUT ROWID, clustered by referral: a referral's rows sit together
-- (its page reads one range) and the primary key is also the key that
-- de-duplicates a re-imported row, so an import pays one B-tree insertion
-- per row, plus the lookup index. Primary-key columns cannot be NULL in
-- such tables, so "not given" is a sentinel there, said per column.

-- One referral: its identity is (platform, external_id).
CREATE TABLE referrals (
	id              INTEGER PRIMARY KEY,
	platform        TEXT NOT NULL,          -- 'ncmec' or 'cps' (vocabulary platform codes)
	external_id     TEXT NOT NULL,          -- reportId / lead_id
	priority        TEXT,
	escalation      TEXT,
	incident_type   TEXT,
	esp             TEXT,
	network         TEXT,
	client          TEXT,
	annotations     TEXT,
	received_at     INTEGER,
	incident_at     INTEGER,
	notes           TEXT,
	content_dropped INTEGER NOT NULL DEFAULT 0,
	-- 128-bit digest (hex) of the content as last stored: a re-imported
	-- report with the same digest is a duplicate, a different one a supplement.
	fingerprint     TEXT NOT NULL,
	source_file     TEXT,
	source_line     INTEGER,
	import_id       INTEGER REFERENCES imports (id), -- the import that created it
	created_at      TEXT NOT NULL,
	updated_at      TEXT,
	UNIQUE (platform, external_id)
);
CREATE INDEX referrals_received ON referrals (received_at);

-- service is '' when the identifier is not scoped by an ESP service.
CREATE TABLE referral_idents (
	referral_id INTEGER NOT NULL REFERENCES referrals (id),
	kind        TEXT NOT NULL,   -- ident_kind_name(): email, phone, esp_account, ...
	role        TEXT NOT NULL,   -- reported, recipient, victim
	value       TEXT NOT NULL,   -- normalised
	service     TEXT NOT NULL DEFAULT '',
	position    INTEGER NOT NULL,
	PRIMARY KEY (referral_id, kind, role, value, service)
) WITHOUT ROWID;
CREATE INDEX referral_idents_value ON referral_idents (value, kind);

-- One sighting of an address. addr is the 16-byte network-order form
-- (IPv4 as ::ffff:a.b.c.d), so a range (a CIDR block) is a BETWEEN on
-- the index. at is -1 when the source gave no time, port -1 when none,
-- event '' when none; proxy NULL when not said.
CREATE TABLE ip_events (
	referral_id INTEGER NOT NULL REFERENCES referrals (id),
	addr        BLOB NOT NULL CHECK (length(addr) = 16),
	at          INTEGER NOT NULL,
	port        INTEGER NOT NULL,
	event       TEXT NOT NULL,
	role        TEXT NOT NULL,
	ip          TEXT NOT NULL,   -- canonical text, for people
	proxy       INTEGER CHECK (proxy IN (0, 1)),
	position    INTEGER NOT NULL,
	PRIMARY KEY (referral_id, addr, at, port, event, role)
) WITHOUT ROWID;
CREATE INDEX ip_events_addr ON ip_events (addr, at);

-- A file named by a referral: name and hashes ('' when absent), never its
-- bytes. Each hash has a partial index: only rows that carry it pay.
CREATE TABLE referral_files (
	referral_id    INTEGER NOT NULL REFERENCES referrals (id),
	name           TEXT NOT NULL,
	md5            TEXT NOT NULL,
	sha1           TEXT NOT NULL,
	sha256         TEXT NOT NULL,
	md4            TEXT NOT NULL,
	infohash       TEXT NOT NULL,
	industry_class TEXT,
	position       INTEGER NOT NULL,
	PRIMARY KEY (referral_id, name, md5, sha1, sha256, md4, infohash)
) WITHOUT ROWID;
CREATE INDEX referral_files_md5 ON referral_files (md5) WHERE md5 <> '';
CREATE INDEX referral_files_sha1 ON referral_files (sha1) WHERE sha1 <> '';
CREATE INDEX referral_files_sha256 ON referral_files (sha256) WHERE sha256 <> '';
CREATE INDEX referral_files_md4 ON referral_files (md4) WHERE md4 <> '';
CREATE INDEX referral_files_infohash ON referral_files (infohash) WHERE infohash <> '';

-- A location exactly as the referral gives it ('' when a part is absent).
CREATE TABLE referral_locations (
	referral_id INTEGER NOT NULL REFERENCES referrals (id),
	ip          TEXT NOT NULL,
	country     TEXT NOT NULL,
	region      TEXT NOT NULL,
	city        TEXT NOT NULL,
	isp         TEXT NOT NULL,
	asn         TEXT NOT NULL,
	position    INTEGER NOT NULL,
	PRIMARY KEY (referral_id, ip, country, region, city, isp, asn)
) WITHOUT ROWID;

-- The case a referral led to (at most one; a case may have many).
CREATE TABLE referral_cases (
	referral_id INTEGER PRIMARY KEY REFERENCES referrals (id),
	case_id     INTEGER NOT NULL REFERENCES cases (id),
	linked_at   TEXT NOT NULL,
	linked_by   TEXT
);
CREATE INDEX referral_cases_case ON referral_cases (case_id);

-- A platform a case got from a linked referral (rather than from the
-- person who opened it): unlinking the last such referral removes it.
ALTER TABLE case_platforms ADD COLUMN from_referral INTEGER NOT NULL DEFAULT 0
	CHECK (from_referral IN (0, 1));

-- One import of one file. records_done is written in the same transaction
-- as each batch: after a crash, a run on the same file (same kind and
-- sha256) resumes after the records already committed.
CREATE TABLE imports (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL,  -- ncmec-xml, ncmec-json, ncmec-tiplist, cps-csv
	file            TEXT NOT NULL,
	sha256          TEXT NOT NULL,
	size            INTEGER NOT NULL,
	started_at      TEXT NOT NULL,
	finished_at     TEXT,
	records_done    INTEGER NOT NULL DEFAULT 0,
	read            INTEGER NOT NULL DEFAULT 0,
	imported        INTEGER NOT NULL DEFAULT 0,
	updated         INTEGER NOT NULL DEFAULT 0,
	duplicates      INTEGER NOT NULL DEFAULT 0,
	rejected        INTEGER NOT NULL DEFAULT 0,
	content_dropped INTEGER NOT NULL DEFAULT 0,
	actor           TEXT
);
CREATE INDEX imports_file ON imports (kind, sha256);

-- A later report with the same identity changed a referral: a supplement
-- (a whole report replacing the content) or a merge (rows of another file
-- adding sightings to a lead).
CREATE TABLE referral_revisions (
	id              INTEGER PRIMARY KEY,
	referral_id     INTEGER NOT NULL REFERENCES referrals (id),
	kind            TEXT NOT NULL CHECK (kind IN ('supplement', 'merge')),
	at              TEXT NOT NULL,
	import_id       INTEGER REFERENCES imports (id),
	source_file     TEXT,
	old_fingerprint TEXT NOT NULL,
	new_fingerprint TEXT NOT NULL
);
CREATE INDEX referral_revisions_referral ON referral_revisions (referral_id, id);

-- The history of a referral is kept like a case's.
CREATE TRIGGER referral_revisions_no_update BEFORE UPDATE ON referral_revisions
BEGIN
	SELECT RAISE(ABORT, 'referral revisions are append-only');
END;
CREATE TRIGGER referral_revisions_no_delete BEFORE DELETE ON referral_revisions
BEGIN
	SELECT RAISE(ABORT, 'referral revisions are append-only');
END;
