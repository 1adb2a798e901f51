-- 008_data_version: a counter that every committed write of data moves
-- (store_audit_append_tx bumps it in the write's own transaction), and
-- that audited reads do not.
--
-- Why: the web's cached pages (the case list, the dashboard) are valid
-- while the data they show have not changed. The newest audit id served
-- as that stamp while only writes and case pages were audited; now that
-- every list view is audited too, each view would move the stamp and no
-- cached page would ever be reused.

CREATE TABLE data_version (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO data_version (id, n) VALUES (1, 0);
