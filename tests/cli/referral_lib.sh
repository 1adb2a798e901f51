# tests/cli/referral_lib.sh - checks the referral import tests share, the
# same meaning on both backends (sourced after lib.sh; not a test itself).

# The tables of referrals, and the child tables that name a referral.
REFERRAL_TABLES="referrals referral_idents ip_events referral_files referral_locations referral_revisions referral_cases imports"

# db_integrity DB: "ok" when the database's structures are sound.
# SQLite: PRAGMA integrity_check. PostgreSQL: amcheck's bt_index_check with
# heapallindexed on every btree index of the referral tables (each index
# agrees with its table, each row of the table is in each index).
db_integrity() {
	case "$1" in
	postgres://* | postgresql://*)
		_tables=$(echo "$REFERRAL_TABLES" | sed "s/\([a-z_]*\)/'\1'/g; s/ /, /g")
		psql "$1" -qAt -v ON_ERROR_STOP=1 -c "CREATE EXTENSION IF NOT EXISTS amcheck" \
			-c "SELECT count(bt_index_check(c.oid, true)) FROM pg_index i
			    JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
			    JOIN pg_am a ON a.oid = c.relam
			    WHERE a.amname = 'btree' AND t.relname IN ($_tables)" >/dev/null 2>&1 &&
			echo ok || echo "amcheck failed"
		;;
	*) sqlite3 "$1" 'PRAGMA integrity_check' ;;
	esac
}

# db_orphans DB: how many child rows name a referral that is not there (0
# when the foreign keys hold; SQLite also runs PRAGMA foreign_key_check,
# whose every line counts as one).
db_orphans() {
	_n=$(sql "$1" "SELECT
		(SELECT count(*) FROM referral_idents x WHERE NOT EXISTS (SELECT 1 FROM referrals r WHERE r.id = x.referral_id))
		+ (SELECT count(*) FROM ip_events x WHERE NOT EXISTS (SELECT 1 FROM referrals r WHERE r.id = x.referral_id))
		+ (SELECT count(*) FROM referral_files x WHERE NOT EXISTS (SELECT 1 FROM referrals r WHERE r.id = x.referral_id))
		+ (SELECT count(*) FROM referral_locations x WHERE NOT EXISTS (SELECT 1 FROM referrals r WHERE r.id = x.referral_id))
		+ (SELECT count(*) FROM referral_revisions x WHERE NOT EXISTS (SELECT 1 FROM referrals r WHERE r.id = x.referral_id))
		+ (SELECT count(*) FROM referrals x WHERE x.import_id IS NOT NULL
		   AND NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = x.import_id))")
	case "$1" in
	postgres://* | postgresql://*) ;;
	*) _n=$((_n + $(sqlite3 "$1" 'PRAGMA foreign_key_check' | wc -l))) ;;
	esac
	echo "$_n"
}

# db_has_bytes DB TEXT: how many places of the database hold TEXT - its
# dump (lib.sh's db_dump: on SQLite also the file and its WAL) and, on the
# test cluster, every file of the cluster (tables, indexes and WAL).
db_has_bytes() {
	_c=$(db_dump "$1" | grep -c -a -e "$2" || true)
	case "$1" in
	postgres://* | postgresql://*)
		if [ -n "${HIMAYA_PG_DIR:-}" ] && [ -d "$HIMAYA_PG_DIR" ]; then
			_c=$((_c + $(grep -r -l -a -e "$2" "$HIMAYA_PG_DIR" 2>/dev/null | wc -l)))
		fi
		;;
	esac
	echo "$_c"
}

# import_progress DB: the records the last import committed (0 if none).
import_progress() {
	sql "$1" 'SELECT coalesce(max(records_done), 0) FROM imports' 2>/dev/null || echo 0
}
