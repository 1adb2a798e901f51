# bench/lib.sh - timing helpers shared by the benchmarks.
BENCH_DIR=${BENCH_DIR:-build/bench}
mkdir -p "$BENCH_DIR"

now() { date +%s.%N; }

elapsed() { echo "$2 - $1" | bc -l | awk '{ printf "%.3f", $1 }'; }

# best_of N CMD...: the fastest of N runs of CMD, in seconds (output discarded).
best_of() {
	n=$1
	shift
	best=""
	i=0
	while [ $i -lt "$n" ]; do
		t0=$(now)
		"$@" >/dev/null 2>&1 || { echo "bench: command failed: $*" >&2; exit 1; }
		t1=$(now)
		t=$(elapsed "$t0" "$t1")
		if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
		i=$((i + 1))
	done
	echo "$best"
}

# report WHAT SECONDS [BASELINE_NAME BASELINE_SECONDS]
report() {
	if [ -n "$3" ]; then
		ratio=$(echo "$2 / $4" | bc -l | awk '{ printf "%.2f", $1 }')
		printf '%-44s %8.3fs   %-32s %8.3fs   ratio %sx\n' "$1" "$2" "$3" "$4" "$ratio"
	else
		printf '%-44s %8.3fs\n' "$1" "$2"
	fi
}
