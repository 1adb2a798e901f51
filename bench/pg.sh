#!/bin/sh
# Benchmark of referral ingestion into PostgreSQL (issue 7), beside its
# baseline measured in the same run on the same file:
#   - CPS import of BENCH_PG_ROWS rows (default 1,000,000) into a fresh
#     database beside psql's `\copy` of the same CSV into a bare table of
#     text columns, no index (goal <= 2x);
#   - the same import again (recognised, nothing written);
#   - the import's floor (bench/floor.sh): the rows it stored, loaded again
#     with \copy into tables of their columns and no constraint, then
#     their keys and indexes built.
# The server is a throw-away cluster of its own (scripts/pg-cluster.sh),
# stopped at the end; the input comes from bench/gen_referrals.c
# (deterministic for a seed) and is kept in $BENCH_DIR for later runs.
# BENCH_HIMAYA names another binary to measure (an earlier build, for a
# before-and-after on the same machine); the load average is printed with
# the figures, since the import uses both cores of a small machine (the
# server loads one piece while himaya reads the next).
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
. bench/floor.sh

rows=${BENCH_PG_ROWS:-1000000}
gen=$BENCH_DIR/gen_referrals
himaya=${BENCH_HIMAYA:-./himaya}

cc -std=c11 -O2 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -o "$gen" bench/gen_referrals.c
csv=$BENCH_DIR/cps-$rows.csv
[ -f "$csv" ] || "$gen" cps-csv "$rows" 1 >"$csv"
# The server may run as another user (as root: "postgres"): it reads the
# file through psql's \copy, from this process, so no permission is needed.
csv_abs=$(cd "$(dirname "$csv")" && pwd)/$(basename "$csv")

eval "$(scripts/pg-cluster.sh start)"
trap 'scripts/pg-cluster.sh stop "$HIMAYA_PG_DIR"' EXIT INT TERM
base=${HIMAYA_PG_URL%/*}

fresh_pg() {
	psql "$HIMAYA_PG_URL" -qAt -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null 2>&1
	echo "$base/$1"
}

db=$(fresh_pg ingest)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
"$himaya" --db "$db" init >/dev/null
t0=$(now)
"$himaya" --db "$db" import cps "$csv" --json >"$BENCH_DIR/pg-summary.json" 2>&1 ||
	{ echo "bench: import cps $csv into PostgreSQL failed:" >&2; cat "$BENCH_DIR/pg-summary.json" >&2; exit 1; }
t1=$(now)
t_import=$(elapsed "$t0" "$t1")

# The baseline: the same CSV into a table of its columns, as text.
bare=$(fresh_pg bare)
cols=$(head -n 1 "$csv" | tr -d '\r' | sed 's/,/ text, /g; s/$/ text/')
copy_bare() {
	psql "$bare" -qAt -v ON_ERROR_STOP=1 -c "DROP TABLE IF EXISTS detections" \
		-c "CREATE TABLE detections ($cols)" -c "\\copy detections FROM '$csv_abs' CSV HEADER"
}
t_copy=$(best_of 1 copy_bare)
report "pg: import cps ($rows rows)" "$t_import" "psql \\copy (bare table)" "$t_copy"
report_floor pg "$(pg_floor "$db" $IMPORT_TABLES)" "psql \\copy (bare table)" "$t_copy"

t0=$(now)
"$himaya" --db "$db" import cps "$csv" --json >/dev/null
t1=$(now)
report "pg: import cps again (nothing new)" "$(elapsed "$t0" "$t1")" "" ""

size=$(psql "$db" -qAt -c "SELECT pg_size_pretty(pg_database_size(current_database()))")
bare_size=$(psql "$bare" -qAt -c "SELECT pg_size_pretty(pg_database_size(current_database()))")
printf '%-44s %s (bare table: %s)\n' "pg: database size after the import" "$size" "$bare_size"
printf '%-44s %s before, %s after\n' "pg: load average (1, 5, 15 min)" "$load0" "$(cut -d' ' -f1-3 /proc/loadavg)"
