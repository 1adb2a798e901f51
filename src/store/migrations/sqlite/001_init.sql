-- 001_init: reference data, cases and their events.
--
-- Dates are ISO text (YYYY-MM-DD), timestamps ISO-8601 UTC text.
-- A case's derived columns (stage, decision, outcomes) are written only by
-- the store from core's stage machine, in the same transaction as the
-- event that changed them, so statistics are plain GROUP BY queries.

CREATE TABLE courts (
	code     TEXT PRIMARY KEY,
	kind     TEXT NOT NULL CHECK (kind IN ('appeal', 'first')),
	name_ar  TEXT NOT NULL,
	name_fr  TEXT NOT NULL
);

-- One row per period of a court's existence in a district (court.h).
CREATE TABLE court_terms (
	id           INTEGER PRIMARY KEY,
	code         TEXT NOT NULL REFERENCES courts (code),
	appeal_court TEXT REFERENCES courts (code),
	name_ar      TEXT NOT NULL,
	name_fr      TEXT NOT NULL,
	valid_from   TEXT,
	valid_to     TEXT
);
CREATE INDEX court_terms_code ON court_terms (code);

CREATE TABLE vocabulary (
	kind      TEXT NOT NULL,
	code      TEXT NOT NULL,
	label_ar  TEXT NOT NULL,
	label_fr  TEXT NOT NULL,
	attrs     TEXT NOT NULL DEFAULT '',
	position  INTEGER NOT NULL,
	PRIMARY KEY (kind, code)
);

CREATE TABLE cases (
	id            INTEGER PRIMARY KEY,
	court         TEXT NOT NULL REFERENCES courts (code),
	district      TEXT NOT NULL REFERENCES courts (code),
	file_number   TEXT NOT NULL,
	registered    TEXT NOT NULL,
	body          TEXT NOT NULL,
	unit          TEXT,
	suspects      INTEGER NOT NULL CHECK (suspects >= 0),
	notes         TEXT,
	version       INTEGER NOT NULL DEFAULT 1,
	created_at    TEXT NOT NULL,
	created_by    TEXT,
	stage             TEXT NOT NULL DEFAULT 'registered',
	decision          TEXT,
	decision_date     TEXT,
	decision_event    INTEGER,
	first_outcome     TEXT,
	first_date        TEXT,
	first_event       INTEGER,
	first_prison_months     INTEGER,
	first_suspended_months  INTEGER,
	first_fine_mad          INTEGER,
	appeal_outcome    TEXT,
	appeal_date       TEXT,
	appeal_event      INTEGER,
	appeal_prison_months    INTEGER,
	appeal_suspended_months INTEGER,
	appeal_fine_mad         INTEGER,
	cassation_outcome TEXT,
	cassation_date    TEXT,
	cassation_event   INTEGER,
	last_event_date   TEXT,
	UNIQUE (court, file_number)
);
CREATE INDEX cases_district ON cases (district, registered);
CREATE INDEX cases_court ON cases (court, registered);
CREATE INDEX cases_unit ON cases (body, unit);
CREATE INDEX cases_stage ON cases (stage);

CREATE TABLE case_subjects (
	case_id  INTEGER NOT NULL REFERENCES cases (id),
	subject  TEXT NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (case_id, subject)
);
CREATE INDEX case_subjects_subject ON case_subjects (subject);

CREATE TABLE case_platforms (
	case_id  INTEGER NOT NULL REFERENCES cases (id),
	platform TEXT NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (case_id, platform)
);
CREATE INDEX case_platforms_platform ON case_platforms (platform);

CREATE TABLE case_events (
	id               INTEGER PRIMARY KEY,
	case_id          INTEGER NOT NULL REFERENCES cases (id),
	type             TEXT NOT NULL CHECK (type IN
		('investigation', 'report', 'decision', 'judgment', 'appeal', 'cassation')),
	date             TEXT NOT NULL,
	supersedes       INTEGER UNIQUE REFERENCES case_events (id),
	retracts         INTEGER NOT NULL DEFAULT 0 CHECK (retracts IN (0, 1)),
	code             TEXT,
	reason           TEXT,
	note             TEXT,
	accused          INTEGER,
	prison_months    INTEGER,
	suspended_months INTEGER,
	fine_mad         INTEGER,
	recorded_at      TEXT NOT NULL,
	recorded_by      TEXT
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE event_charges (
	event_id INTEGER NOT NULL REFERENCES case_events (id),
	subject  TEXT NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (event_id, subject)
);

-- History is never overwritten: a correction is a new event.
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
	SELECT RAISE(ABORT, 'case events are append-only; record a correction');
END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
	SELECT RAISE(ABORT, 'case events are append-only; record a correction');
END;
CREATE TRIGGER event_charges_no_update BEFORE UPDATE ON event_charges
BEGIN
	SELECT RAISE(ABORT, 'case events are append-only; record a correction');
END;
CREATE TRIGGER event_charges_no_delete BEFORE DELETE ON event_charges
BEGIN
	SELECT RAISE(ABORT, 'case events are append-only; record a correction');
END;
CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases
BEGIN
	SELECT RAISE(ABORT, 'cases are never deleted');
END;
