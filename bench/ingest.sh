#!/bin/sh
# Benchmark of referral ingestion (issue 5), each figure beside a baseline
# measured in the same run on the same file:
#   - NCMEC import of BENCH_REPORTS reports (default 100,000) beside
#     `xmllint --stream --noout` (goal <= 1.5x);
#   - CPS import of BENCH_ROWS rows (default 1,000,000) beside the sqlite3
#     shell's `.import` of the same CSV into a bare table (goal <= 1.5x);
#   - peak resident memory of an import of a file of BENCH_BIG_MB MiB
#     (default 1024) of NCMEC XML (goal < 64 MiB), by GNU time.
# Beside each import, its floor (bench/floor.sh): the rows it stored copied
# by SQLite itself into bare tables, then their keys and indexes built, in
# WAL (as Himaya writes) and with a rollback journal (SQLite's fastest).
# Inputs come from bench/gen_referrals.c (deterministic for a seed) and
# are kept in $BENCH_DIR for later runs.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
. bench/floor.sh

reports=${BENCH_REPORTS:-100000}
rows=${BENCH_ROWS:-1000000}
big_mb=${BENCH_BIG_MB:-1024}
gen=$BENCH_DIR/gen_referrals

cc -std=c11 -O2 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -o "$gen" bench/gen_referrals.c

xml=$BENCH_DIR/ncmec-$reports.xml
csv=$BENCH_DIR/cps-$rows.csv
[ -f "$xml" ] || "$gen" ncmec-xml "$reports" 1 >"$xml"
[ -f "$csv" ] || "$gen" cps-csv "$rows" 1 >"$csv"

fresh_db() {
	rm -f "$1" "$1-wal" "$1-shm"
	./himaya --db "$1" init >/dev/null
}

# import_time FORMAT FILE: seconds of one import into a fresh database.
import_time() {
	db=$BENCH_DIR/ingest.db
	fresh_db "$db"
	t0=$(now)
	./himaya --db "$db" import "$1" "$2" --json >"$BENCH_DIR/ingest-summary.json" 2>&1 ||
		{ echo "bench: import $1 $2 failed:" >&2; cat "$BENCH_DIR/ingest-summary.json" >&2; exit 1; }
	t1=$(now)
	elapsed "$t0" "$t1"
}

t_ncmec=$(import_time ncmec "$xml")
t_xmllint=$(best_of 1 xmllint --stream --noout "$xml")
report "import ncmec ($reports reports)" "$t_ncmec" "xmllint --stream --noout" "$t_xmllint"
for j in wal delete; do
	report_floor "$j" "$(sqlite_floor $j "$BENCH_DIR/ingest.db" $IMPORT_TABLES)" "xmllint --stream --noout" "$t_xmllint"
done

# Re-running the same import: recognised, passed over, nothing written.
t0=$(now)
./himaya --db "$BENCH_DIR/ingest.db" import ncmec "$xml" --json >/dev/null
t1=$(now)
report "import ncmec again (nothing new)" "$(elapsed "$t0" "$t1")" "" ""

t_cps=$(import_time cps "$csv")
bare=$BENCH_DIR/bare.db
t_sqlite=$(best_of 1 sh -c "rm -f '$bare'; sqlite3 '$bare' '.mode csv' '.import $csv detections'")
report "import cps ($rows rows)" "$t_cps" "sqlite3 .import (bare table)" "$t_sqlite"
for j in wal delete; do
	report_floor "$j" "$(sqlite_floor $j "$BENCH_DIR/ingest.db" $IMPORT_TABLES)" "sqlite3 .import (bare table)" "$t_sqlite"
done

# Peak memory of a large import.
if [ "$big_mb" -gt 0 ]; then
	big=$BENCH_DIR/ncmec-${big_mb}mib.xml
	if [ ! -f "$big" ]; then
		# About 2,000 bytes a report.
		"$gen" ncmec-xml $((big_mb * 1048576 / 2000)) 2 >"$big"
	fi
	size=$(( $(wc -c <"$big") / 1048576 ))
	db=$BENCH_DIR/big.db
	fresh_db "$db"
	t0=$(now)
	/usr/bin/time -v ./himaya --db "$db" import ncmec "$big" --json >/dev/null 2>"$BENCH_DIR/time.txt"
	t1=$(now)
	peak_kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$BENCH_DIR/time.txt")
	printf '%-44s %8.3fs   peak RSS %s MiB (goal < 64 MiB)\n' "import ncmec ($size MiB of XML)" \
		"$(elapsed "$t0" "$t1")" "$((peak_kib / 1024))"
	rm -f "$db" "$db-wal" "$db-shm"
fi
