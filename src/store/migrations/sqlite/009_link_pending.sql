-- 009_link_pending: the referrals the linker has not looked at since they
-- were imported or changed.
--
-- Why: an incremental `himaya link` used to find its new referrals by
-- reading every referral with its subject (a scan of the whole referrals
-- table: 2.6 s of a 2.6 s run on 1,000,000 referrals), and never looked
-- again at a referral a later file changed (an NCMEC supplement adding an
-- e-mail): only a rebuild did. The triggers append a row when a referral
-- is inserted and when its content changes (its fingerprint); the linker
-- reads the rows, links those referrals and deletes exactly the rows it
-- read in the transaction that writes its results, so a row appended
-- meanwhile waits for the next run. A referral may have several rows.

CREATE TABLE link_pending (
	id          INTEGER PRIMARY KEY,
	referral_id INTEGER NOT NULL
);

CREATE TRIGGER referrals_link_pending_insert AFTER INSERT ON referrals
BEGIN
	INSERT INTO link_pending (referral_id) VALUES (NEW.id);
END;

-- Queued again even when a row is waiting: the linker may have read that
-- row (and the referral as it was) before this change. A CPS lead written
-- over several rows of one file has a row per change; the linker reads
-- each referral once.
CREATE TRIGGER referrals_link_pending_update AFTER UPDATE OF fingerprint ON referrals
	WHEN NEW.fingerprint IS NOT OLD.fingerprint
BEGIN
	INSERT INTO link_pending (referral_id) VALUES (NEW.id);
END;

-- A database linked before this migration: what no run has linked yet.
INSERT INTO link_pending (referral_id)
	SELECT id FROM referrals WHERE id NOT IN (SELECT referral_id FROM referral_subjects) ORDER BY id;
