#!/bin/sh
# make bench: every benchmark of Himaya, each figure beside its baseline
# measured in the same run. Benchmarks generate their own inputs.
set -eu
cd "$(dirname "$0")/.."
for b in bench/table_stats.sh bench/ingest.sh bench/link.sh bench/pg.sh bench/web.sh; do
	echo "== $b"
	sh "$b"
done
# The national shape (issue 7): two nodes on one PostgreSQL behind nginx.
echo "== bench/web.sh, PostgreSQL, two nodes"
WEB_BENCH_BACKEND=pg WEB_BENCH_NODES=2 sh bench/web.sh
