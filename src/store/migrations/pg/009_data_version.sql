-- 009_data_version: a counter that every committed write of data moves
-- (store_audit_append_tx bumps it in the write's own transaction, under
-- the write lock), and that audited reads do not. SQLite's 008 says why:
-- the web cache's stamp must not move with every audited list view.

CREATE TABLE data_version (
	id integer PRIMARY KEY CHECK (id = 1),
	n  bigint NOT NULL
);
INSERT INTO data_version (id, n) VALUES (1, 0);
