-- 003_accounts: users, their sessions, server secrets, and the audit log.
--
-- Times the login rules compute with (lock-out, session timeouts) are
-- whole seconds since 1970 UTC, as integers, so the rules are plain
-- arithmetic; created/updated stamps and audit times are ISO-8601 UTC text
-- like the rest of the schema. See docs/security.md.

CREATE TABLE users (
	id             INTEGER PRIMARY KEY,
	name           TEXT NOT NULL UNIQUE,
	role           TEXT NOT NULL CHECK (role IN ('admin', 'presidency', 'appeal', 'court', 'police')),
	court          TEXT NOT NULL DEFAULT '',  -- appeal, court: the prosecutor's court
	body           TEXT NOT NULL DEFAULT '',  -- police: the investigating body
	unit           TEXT NOT NULL DEFAULT '',  -- police: the unit's name
	lang           TEXT NOT NULL DEFAULT 'ar' CHECK (lang IN ('ar', 'fr', 'en')),
	password_hash  TEXT NOT NULL,             -- Argon2id, libsodium's crypto_pwhash_str format
	totp_secret    TEXT NOT NULL,             -- base32 (RFC 4648), as shown at enrolment
	totp_last_step INTEGER NOT NULL DEFAULT -1, -- the last accepted TOTP step: a code is used once
	disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	failed_count   INTEGER NOT NULL DEFAULT 0,
	locked_until   INTEGER NOT NULL DEFAULT 0,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
);

-- A session is known by the SHA-256 of its token only: a copy of the
-- database gives no session away. kind 'api': a per-user API token, with
-- no idle timeout (a program's), only its expiry.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id),
	kind       TEXT NOT NULL DEFAULT 'web' CHECK (kind IN ('web', 'api')),
	created    INTEGER NOT NULL,
	last_used  INTEGER NOT NULL,
	expires    INTEGER NOT NULL,              -- created + the absolute timeout
	client     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Per-database secrets (the CSRF key), created at first use.
CREATE TABLE server_secrets (
	name  TEXT PRIMARY KEY,
	value BLOB NOT NULL
);

-- The audit log: append-only, hash-chained. hash = SHA-256 of the
-- canonical encoding of (prev_hash, id, at, actor, action, object, detail)
-- described in docs/security.md; prev_hash of the first entry is 64 zeros.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	object    TEXT NOT NULL DEFAULT '',
	detail    TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_actor ON audit (actor, id);
CREATE INDEX audit_object ON audit (object, id);
CREATE INDEX audit_at ON audit (at, id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
