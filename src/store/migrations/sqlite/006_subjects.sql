-- 006_subjects: referrals grouped into subjects (one suspect each), why
-- each link was made, and the splits and merges people decided
-- (core/link.h, app/link.h, docs/linking.md).
--
-- A subject's id is the smallest referral id in it, so the same partition
-- always has the same ids (rebuild = incremental, checked by a test).

-- The subject of each linked referral; needs_port: it shares a shared
-- (CGNAT / proxy) address with another referral at the same time and no
-- source port tells the two apart.
CREATE TABLE referral_subjects (
	referral_id INTEGER PRIMARY KEY REFERENCES referrals (id),
	subject_id  INTEGER NOT NULL,
	needs_port  INTEGER NOT NULL DEFAULT 0 CHECK (needs_port IN (0, 1))
);
CREATE INDEX referral_subjects_subject ON referral_subjects (subject_id);

-- Why two referrals are one subject: one row per union that joined two
-- groups (a spanning forest, not every pair: a value shared by a thousand
-- referrals costs a thousand rows, not a million). kind is the identifier
-- kind ('email', 'esp_account', ..., 'ip', or 'manual'); for 'ip', detail
-- gives the two times and ports.
CREATE TABLE subject_links (
	id          INTEGER PRIMARY KEY,
	referral_a  INTEGER NOT NULL REFERENCES referrals (id),
	referral_b  INTEGER NOT NULL REFERENCES referrals (id),
	kind        TEXT NOT NULL,
	value       TEXT NOT NULL,
	service     TEXT NOT NULL DEFAULT '',
	detail      TEXT NOT NULL DEFAULT '',
	decision_id INTEGER REFERENCES subject_decisions (id)
);
CREATE INDEX subject_links_a ON subject_links (referral_a);
CREATE INDEX subject_links_b ON subject_links (referral_b);

-- A person's decision: 'merge' (side 0 and side 1 are one subject) or
-- 'split' (no automatic link may join a side-0 referral to a side-1 one).
-- Kept forever and replayed by every rebuild; a later decision wins over
-- an earlier one about the same referrals.
CREATE TABLE subject_decisions (
	id    INTEGER PRIMARY KEY,
	kind  TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
	at    TEXT NOT NULL,
	actor TEXT,
	note  TEXT
);
CREATE TABLE subject_decision_members (
	decision_id INTEGER NOT NULL REFERENCES subject_decisions (id),
	referral_id INTEGER NOT NULL REFERENCES referrals (id),
	side        INTEGER NOT NULL CHECK (side IN (0, 1)),
	PRIMARY KEY (decision_id, referral_id)
) WITHOUT ROWID;
CREATE INDEX subject_decision_members_referral ON subject_decision_members (referral_id);

-- The linker's settings as of the last run: an incremental run with a
-- different window must rebuild.
CREATE TABLE link_state (
	key   TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);

-- Reported identifiers are looked up by (kind, value) to find a new
-- referral's neighbours; referral_idents_value covers it.
