#!/bin/sh
# A large import into a small table may set aside the indexes that make
# row-by-row inserts slow (SQLite: sqlite_import_bulk.c) and build them at
# the end. Whatever a backend does, the schema after an import - finished,
# or killed mid-way and the database opened again - is the schema of a
# fresh database, and queries that use those indexes answer the same.
. "$(dirname "$0")/lib.sh"

root=$(cd "$(dirname "$0")/../.." && pwd)
gen="$TEST_DIR/gen_referrals"
cc -std=c11 -O2 -D_DEFAULT_SOURCE -o "$gen" "$root/bench/gen_referrals.c"
"$gen" cps-csv 12000 5 >"$TEST_DIR/big.csv"

# The index definitions of a database, one per line, sorted.
indexes() {
	if is_pg; then
		sql "$1" "SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
	else
		sql "$1" "SELECT name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY 1"
	fi
}

fresh=$(new_db) || exit 1
indexes "$fresh" >"$TEST_DIR/fresh.idx"
check "a fresh database has indexes ($(wc -l <"$TEST_DIR/fresh.idx"))" [ "$(wc -l <"$TEST_DIR/fresh.idx")" -gt 20 ]

db=$(new_db) || exit 1
expect "a large import into an empty database" 0 himaya --db "$db" import cps "$TEST_DIR/big.csv"
indexes "$db" >"$TEST_DIR/after.idx"
check "after it, the indexes are the fresh database's" cmp -s "$TEST_DIR/fresh.idx" "$TEST_DIR/after.idx"

# Killed while the indexes may be set aside: the next open restores them.
killed=$(new_db) || exit 1
HIMAYA_IMPORT_BATCH=300 "$HIMAYA" --db "$killed" import cps "$TEST_DIR/big.csv" --json >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 600 ]; do
	n=$(sql "$killed" 'SELECT coalesce(max(records_done), 0) FROM imports' 2>/dev/null)
	[ "${n:-0}" -gt 0 ] && break
	sleep 0.05
	i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "killed mid-way" [ "$(sql "$killed" 'SELECT CASE WHEN finished_at IS NULL THEN 1 ELSE 0 END FROM imports')" = 1 ]
if ! is_pg; then
	indexes "$killed" >"$TEST_DIR/mid.idx"
	check "the kill left SQLite's secondary indexes set aside ($(wc -l <"$TEST_DIR/mid.idx") of $(wc -l <"$TEST_DIR/fresh.idx"))" \
		[ "$(wc -l <"$TEST_DIR/mid.idx")" -lt "$(wc -l <"$TEST_DIR/fresh.idx")" ]
fi
expect "any command opens it again" 0 himaya --db "$killed" referral list --json
indexes "$killed" >"$TEST_DIR/killed.idx"
check "and the indexes are back" cmp -s "$TEST_DIR/fresh.idx" "$TEST_DIR/killed.idx"
expect "the re-run completes" 0 himaya --db "$killed" import cps "$TEST_DIR/big.csv"

# While a large import holds the write lock, another process opening the
# database reads at once: it neither waits for the lock to build the
# missing indexes nor fails with "database is locked".
busy=$(new_db) || exit 1
"$HIMAYA" --db "$busy" import cps "$TEST_DIR/big.csv" --json >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 600 ] && [ "$(sql "$busy" 'SELECT count(*) FROM imports' 2>/dev/null)" != 1 ]; do
	sleep 0.05
	i=$((i + 1))
done
expect "a reader opens the database during the import" 0 himaya --db "$busy" referral list --json
seen=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["count"])' "$OUT")
wait $pid
total=$(sql "$busy" 'SELECT count(*) FROM referrals')
check "without waiting for it: it saw the database before the import's commit ($seen of $total)" [ "$seen" -lt "$total" ]
check "and the import completed (status $?)" [ "$(sql "$busy" 'SELECT CASE WHEN finished_at IS NOT NULL THEN 1 ELSE 0 END FROM imports')" = 1 ]
indexes "$busy" >"$TEST_DIR/busy.idx"
check "with the indexes of a fresh database" cmp -s "$TEST_DIR/fresh.idx" "$TEST_DIR/busy.idx"

# The same answers from the rebuilt indexes: the hash and address lookups
# of linking and the same-content relation.
for d in "$db" "$killed"; do
	himaya --db "$d" link --json >"$TEST_DIR/link.$(basename "$d")" 2>&1
done
check "linking gives the same subjects after a clean and a killed-then-resumed import" \
	cmp -s "$TEST_DIR/link.$(basename "$db")" "$TEST_DIR/link.$(basename "$killed")"
himaya --db "$db" subject list --json >"$TEST_DIR/a.json" 2>&1
himaya --db "$killed" subject list --json >"$TEST_DIR/b.json" 2>&1
check "and the same subject list ($(wc -c <"$TEST_DIR/a.json") bytes)" cmp -s "$TEST_DIR/a.json" "$TEST_DIR/b.json"

done_testing
