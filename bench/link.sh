#!/bin/sh
# Benchmark of linking (issue 6), each figure beside a baseline measured in
# the same run:
#   - `himaya link` of BENCH_LINK_N referrals (default 1,000,000) into
#     subjects, beside `sort -u` of a dump of the same linking identifiers
#     and IP sightings (goal <= 1.0x);
#   - an incremental `himaya link` of BENCH_LINK_NEW new referrals (default
#     10,000) into that set, beside the full link (goal < 2%).
# The referrals come from bench/gen_referrals.c: the first N reports of a
# stream of N + NEW, then the NEW that follow (new reports about the same
# accounts and addresses: realistic reuse). Inputs and the linked database
# are kept in $BENCH_DIR for later runs; the import is not timed. Beside
# the full link, its floor (bench/floor.sh): SQLite reading the rows the
# linker reads, through the same indexes, and copying the rows it wrote
# into tables stored the same way, then building their indexes.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
. bench/floor.sh

n=${BENCH_LINK_N:-1000000}
new=${BENCH_LINK_NEW:-10000}
total=$((n + new))
gen=$BENCH_DIR/gen_referrals
db=$BENCH_DIR/link-$n.db
dump=$BENCH_DIR/link-$n.idents

cc -std=c11 -O2 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -o "$gen" bench/gen_referrals.c

fail() {
	echo "bench: $*" >&2
	exit 1
}

# The imported database (before any link), made once and copied for each run.
base=$BENCH_DIR/link-$n-imported.db
if [ ! -f "$base" ]; then
	xml=$BENCH_DIR/link-$n.xml
	"$gen" ncmec-xml "$total" 3 0 "$n" >"$xml"
	rm -f "$base.tmp" "$base.tmp-wal" "$base.tmp-shm"
	./himaya --db "$base.tmp" init >/dev/null
	./himaya --db "$base.tmp" import ncmec "$xml" --json >"$BENCH_DIR/link-import.json" 2>&1 ||
		{ cat "$BENCH_DIR/link-import.json" >&2; fail "import failed"; }
	sqlite3 "$base.tmp" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
	mv "$base.tmp" "$base"
	rm -f "$xml"
fi
xml_new=$BENCH_DIR/link-$n-new-$new.xml
[ -f "$xml_new" ] || "$gen" ncmec-xml "$total" 3 "$n" "$total" >"$xml_new"

# The baseline's input: every identifier the linker reads (kind, service,
# value, referral) and every timed sighting (address, time, port, referral),
# one a line, in storage order.
sqlite3 "$base" "SELECT kind, service, value, referral_id FROM referral_idents
	WHERE role = 'reported' AND kind IN ('email', 'phone', 'p2p_guid', 'esp_account', 'screen_name');
	SELECT ip, at, port, referral_id FROM ip_events WHERE role = 'reported' AND at >= 0;" >"$dump"
idents=$(wc -l <"$dump")
# The floor's read: the same rows through the indexes the linker reads, in
# their order, by SQLite alone (an aggregate, so that no text is printed).
t_read=$(best_of 1 sqlite3 "$base" "SELECT sum(referral_id), max(value), max(service)
	FROM referral_idents INDEXED BY referral_idents_value
	WHERE role = 'reported' AND kind IN ('email', 'phone', 'p2p_guid', 'esp_account', 'screen_name');
	SELECT sum(referral_id + at + port), max(addr) FROM ip_events INDEXED BY ip_events_addr
	WHERE role = 'reported' AND at >= 0;")

rm -f "$db" "$db-wal" "$db-shm"
cp "$base" "$db"
# The copy's 1.6 GB of dirty pages would otherwise be written back while
# the link runs, and timed with it.
sync
t0=$(now)
./himaya --db "$db" link --json >"$BENCH_DIR/link-summary.json" 2>&1 ||
	{ cat "$BENCH_DIR/link-summary.json" >&2; fail "link failed"; }
t1=$(now)
t_link=$(elapsed "$t0" "$t1")
t_sort=$(best_of 1 sh -c "LC_ALL=C sort -u '$dump' >/dev/null")
subjects=$(sed -n 's/^ *"subjects": \([0-9]*\).*/\1/p' "$BENCH_DIR/link-summary.json")
report "link $n referrals ($idents identifiers)" "$t_link" "LC_ALL=C sort -u of them" "$t_sort"
for j in wal delete; do
	report_floor "$j" "$(sqlite_floor $j "$db" referral_subjects subject_links)" "LC_ALL=C sort -u of them" "$t_sort" \
		"$t_read" "read"
done
echo "  -> $subjects subjects"

./himaya --db "$db" import ncmec "$xml_new" --json >/dev/null 2>&1 || fail "import of the new referrals failed"
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
before=$BENCH_DIR/link-$n-before-incremental.db
cp "$db" "$before"
sync
t0=$(now)
./himaya --db "$db" link --json >"$BENCH_DIR/link-incremental.json" 2>&1 ||
	{ cat "$BENCH_DIR/link-incremental.json" >&2; fail "incremental link failed"; }
t1=$(now)
t_inc=$(elapsed "$t0" "$t1")
grep -q '"rebuilt": false' "$BENCH_DIR/link-incremental.json" || fail "the second link rebuilt everything"
report "link $new new referrals (incremental)" "$t_inc" "the full link above" "$t_link"
# Its floor: only what it wrote (the subjects of the referrals whose
# subject changed, the new links, the queue emptied), written by the
# sqlite3 shell into the database as it was before the run, in one
# transaction, from a staging file made beforehand.
stage=$BENCH_DIR/link-incremental-rows.db
rm -f "$stage"
sqlite3 "$before" "ATTACH '$db' AS d; ATTACH '$stage' AS s;
	CREATE TABLE s.subjects AS SELECT n.* FROM d.referral_subjects n
	  LEFT JOIN main.referral_subjects o ON o.referral_id = n.referral_id
	  WHERE o.referral_id IS NULL OR o.subject_id <> n.subject_id OR o.needs_port <> n.needs_port;
	CREATE TABLE s.links AS SELECT * FROM d.subject_links
	  WHERE id > (SELECT coalesce(max(id), 0) FROM main.subject_links);"
sync
t_write=$(best_of 1 sqlite3 "$before" "ATTACH '$stage' AS s; BEGIN;
	INSERT OR REPLACE INTO referral_subjects SELECT * FROM s.subjects;
	INSERT INTO subject_links SELECT * FROM s.links;
	DELETE FROM link_pending; COMMIT;")
report "  floor: writing what it wrote" "$t_write" "the full link above" "$t_link"
rm -f "$before" "$before-wal" "$before-shm" "$stage"
echo "  (goal: ratio < 0.02)"
