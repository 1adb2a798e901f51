#!/bin/sh
# make bench: every benchmark of Himaya, each figure beside its baseline
# measured in the same run. Benchmarks generate their own inputs.
set -eu
cd "$(dirname "$0")/.."
for b in bench/table_stats.sh bench/ingest.sh bench/web.sh; do
	echo "== $b"
	sh "$b"
done
