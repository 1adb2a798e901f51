-- 011_file_key: a file named twice in a referral is recognised by a
-- 16-byte key, not by an index of its six values.
--
-- Why: the UNIQUE (referral_id, name, md5, sha1, sha256, md4, infohash)
-- of 007 held each file's name and hashes a second time, about 140 bytes
-- an entry: as large as the table, and as costly to write (an import of
-- 1,000,000 CPS rows writes 1,000,000 files; the same rows copied by
-- INSERT ... SELECT: 4.4 s with that index, 1.7 s with one on referral_id
-- alone). file_key is himaya_file_key() of the six values
-- (sqlite_functions.c: BLAKE2b-128 of each value with its length), and
-- UNIQUE (referral_id, file_key) does what the wide key did: a re-imported
-- file is a no-op (ON CONFLICT DO NOTHING), and it serves the reads of a
-- referral's files. Ids are kept.

CREATE TABLE referral_files_new (
	id             INTEGER PRIMARY KEY,
	referral_id    INTEGER NOT NULL REFERENCES referrals (id),
	name           TEXT NOT NULL,
	md5            TEXT NOT NULL,
	sha1           TEXT NOT NULL,
	sha256         TEXT NOT NULL,
	md4            TEXT NOT NULL,
	infohash       TEXT NOT NULL,
	industry_class TEXT,
	position       INTEGER NOT NULL,
	file_key       BLOB NOT NULL CHECK (length(file_key) = 16),
	UNIQUE (referral_id, file_key)
);
INSERT INTO referral_files_new (id, referral_id, name, md5, sha1, sha256, md4, infohash, industry_class,
				position, file_key)
	SELECT id, referral_id, name, md5, sha1, sha256, md4, infohash, industry_class, position,
	       himaya_file_key(name, md5, sha1, sha256, md4, infohash)
	FROM referral_files ORDER BY id;
DROP TABLE referral_files;
ALTER TABLE referral_files_new RENAME TO referral_files;
CREATE INDEX referral_files_md5 ON referral_files (md5) WHERE md5 <> '';
CREATE INDEX referral_files_sha1 ON referral_files (sha1) WHERE sha1 <> '';
CREATE INDEX referral_files_sha256 ON referral_files (sha256) WHERE sha256 <> '';
CREATE INDEX referral_files_md4 ON referral_files (md4) WHERE md4 <> '';
CREATE INDEX referral_files_infohash ON referral_files (infohash) WHERE infohash <> '';
