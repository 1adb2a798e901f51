#!/bin/sh
# Benchmark of the circular's table and the statistics (issue 3): on
# BENCH_CASES synthetic cases (default 100,000), time `himaya stats` and
# `himaya table` beside hand-written SQL producing the same figures and
# rows with the sqlite3 shell on the same database, in the same run.
# Prints each figure beside its baseline and the ratio (goal: <= 1.2x).
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh

cases=${BENCH_CASES:-100000}
db=$BENCH_DIR/table-$cases.db
if [ ! -f "$db" ]; then
	echo "generating $cases cases (himaya demo; kept in $db for later runs)..."
	t0=$(now)
	./himaya --db "$db" init >/dev/null
	./himaya --db "$db" demo --seed 7 --cases "$cases" >/dev/null
	t1=$(now)
	report "demo: $cases cases through the stage machine" "$(elapsed "$t0" "$t1")" "" ""
fi
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null

t_stats=$(best_of 3 ./himaya --db "$db" stats --national --json)
t_stats_sql=$(best_of 3 sqlite3 "$db" ".read bench/stats_baseline.sql")
report "stats --national ($cases cases)" "$t_stats" "sqlite3: same GROUP BYs" "$t_stats_sql"

for fmt in csv json html xlsx pdf; do
	t=$(best_of 1 ./himaya --db "$db" table --national --format "$fmt" -o "$BENCH_DIR/table.$fmt")
	if [ "$fmt" = csv ]; then
		t_sql=$(best_of 1 sh -c "sqlite3 '$db' '.read bench/table_baseline.sql' > '$BENCH_DIR/baseline.csv'")
		report "table --national --format csv" "$t" "sqlite3: same rows as CSV" "$t_sql"
	else
		report "table --national --format $fmt" "$t" "" ""
	fi
done
