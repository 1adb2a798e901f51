-- 004_difficulties: the difficulties (الصعوبات) the circular asks the
-- courts to report: a court's prosecutor writes one, the Presidency reads
-- it, answers and closes it. Rows are never deleted; the text a court
-- wrote is never changed (no UPDATE of title or body: only the answer and
-- the status move).
CREATE TABLE difficulties (
	id           INTEGER PRIMARY KEY,
	court        TEXT NOT NULL,             -- the court that wrote it
	district     TEXT NOT NULL,             -- its Court of Appeal (for district scopes)
	title        TEXT NOT NULL,
	body         TEXT NOT NULL,
	author       TEXT,
	created_at   TEXT NOT NULL,
	status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'closed')),
	answer       TEXT,
	answered_by  TEXT,
	answered_at  TEXT,
	closed_at    TEXT
);
CREATE INDEX difficulties_court ON difficulties (court, id);
CREATE INDEX difficulties_district ON difficulties (district, id);

CREATE TRIGGER difficulties_text_fixed BEFORE UPDATE OF court, district, title, body, author, created_at
ON difficulties
BEGIN
	SELECT RAISE(ABORT, 'a difficulty''s text is never changed');
END;
CREATE TRIGGER difficulties_no_delete BEFORE DELETE ON difficulties
BEGIN
	SELECT RAISE(ABORT, 'difficulties are never deleted');
END;
