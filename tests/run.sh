#!/bin/sh
# Runs every test of Himaya and ends with one line: "N passed, N failed".
#
# Unit tests are cmocka programs (tests/unit/, built under ASan+UBSan into
# build/test/unit/) whose TAP output is counted; end-to-end tests are shell
# scenarios (tests/cli/*.sh) that print TAP through tests/cli/lib.sh and run
# the sanitized binary build/test/himaya.
set -u
cd "$(dirname "$0")/.."

export CMOCKA_MESSAGE_OUTPUT=TAP
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export HIMAYA="$PWD/build/test/himaya"
export HIMAYA_DATA="$PWD/data"

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Count a suite's TAP lines; a suite that dies or prints no result fails.
count() {
	name=$1
	status=$2
	ok=$(grep -cE '^ok ' "$log")
	bad=$(grep -cE '^not ok ' "$log")
	if [ "$bad" -gt 0 ]; then
		grep -E '^not ok |^# ' "$log" | sed "s|^|  $name: |"
	fi
	if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "  $name: exited with status $status" >&2
		tail -n 20 "$log" | sed "s|^|  $name: |"
		bad=1
	fi
	if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then
		echo "  $name: ran no test" >&2
		bad=1
	fi
	passed=$((passed + ok))
	failed=$((failed + bad))
	printf '%-40s %3d passed, %d failed\n' "$name" "$ok" "$bad"
}

for t in build/test/unit/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$log" 2>&1
	count "unit/$(basename "$t")" $?
done

# The tests that use a database: the unit tests built on storeutil.h,
# and every CLI, HTTP and browser scenario. Run once per backend; $1
# prefixes the names ("" for SQLite, "pg:" for PostgreSQL).
run_db_suites() {
	prefix=$1
	if [ -n "$prefix" ]; then
		for src in $(grep -l '"storeutil.h"' tests/unit/test_*.c); do
			t=build/test/unit/$(basename "$src" .c)
			"$t" >"$log" 2>&1
			count "${prefix}unit/$(basename "$t")" $?
			pg_drop_test_databases
		done
	fi
	for t in tests/cli/test_*.sh; do
		[ -f "$t" ] || continue
		sh "$t" >"$log" 2>&1
		count "${prefix}cli/$(basename "$t" .sh)" $?
		pg_drop_test_databases
	done
	# The web application over HTTP (curl) and in headless Chromium.
	for t in tests/http/test_*.sh tests/browser/test_*.sh; do
		[ -f "$t" ] || continue
		sh "$t" >"$log" 2>&1
		count "${prefix}$(basename "$(dirname "$t")")/$(basename "$t" .sh)" $?
		pg_drop_test_databases
	done
}

# Drop the databases a test left on the PostgreSQL server (its own, and
# any a killed test could not drop); nothing to do on SQLite.
pg_drop_test_databases() {
	[ -n "${HIMAYA_TEST_PG:-}" ] || return 0
	psql "$HIMAYA_TEST_PG" -qAt -c "SELECT datname FROM pg_database WHERE datname ~ '^(c|t)_'" 2>/dev/null |
		while read -r name; do
			psql "$HIMAYA_TEST_PG" -qAt -c "DROP DATABASE \"$name\" WITH (FORCE)" >/dev/null 2>&1
		done
}

run_db_suites ""

# The same suites on PostgreSQL: a throw-away cluster of our own (initdb in
# a temporary directory, a free port on 127.0.0.1), stopped at the end, and
# a template database migrated and loaded once that each test's database
# is copied from. A cluster that cannot start is a failed test, loudly.
unset HIMAYA_TEST_PG HIMAYA_TEST_PG_TEMPLATE
if cluster=$(scripts/pg-cluster.sh start 2>"$log"); then
	eval "$cluster"
	trap 'rm -f "$log"; scripts/pg-cluster.sh stop "$HIMAYA_PG_DIR"' EXIT
	export HIMAYA_TEST_PG="$HIMAYA_PG_URL"
	template_url="${HIMAYA_PG_URL%/*}/himaya_template"
	if psql "$HIMAYA_TEST_PG" -qAt -c 'CREATE DATABASE himaya_template' >"$log" 2>&1 &&
		"$HIMAYA" --db "$template_url" init >>"$log" 2>&1; then
		echo "ok 1 - PostgreSQL cluster started, template migrated" >"$log"
		count "pg:cluster" 0
		export HIMAYA_TEST_PG_TEMPLATE=himaya_template
		run_db_suites "pg:"
	else
		echo "not ok 1 - the PostgreSQL template database could not be made" >>"$log"
		count "pg:cluster" 1
	fi
else
	echo "not ok 1 - PostgreSQL could not be started (scripts/pg-cluster.sh)" >>"$log"
	count "pg:cluster" 1
fi
unset HIMAYA_TEST_PG HIMAYA_TEST_PG_TEMPLATE

# Fuzz smoke: the referral parsers' and identifier normalisers' libFuzzer
# targets (built by make test) each run briefly on their seeds; a crash, a
# leak or a broken property fails that test. `make fuzz` runs them longer.
FUZZ_SMOKE_SECONDS=${FUZZ_SMOKE_SECONDS:-8}
for name in fuzz_ident fuzz_ncmec_xml fuzz_ncmec_json fuzz_tiplist fuzz_cps_csv fuzz_sheet fuzz_link_data; do
	f=build/fuzz/$name
	if [ ! -x "$f" ]; then
		echo "not ok 1 - $name is not built (make fuzz-smoke; it needs clang)" >"$log"
		count "fuzz/$name" 1
		continue
	fi
	corpus=$(mktemp -d)
	# shellcheck disable=SC2046
	"$f" -max_total_time="$FUZZ_SMOKE_SECONDS" -max_len=65536 "$corpus" $(scripts/fuzz-seeds.sh "$name") \
		>"$log.fuzz" 2>&1
	status=$?
	if [ "$status" -eq 0 ]; then
		echo "ok 1 - $name: $(grep -oE 'Done [0-9]+ runs' "$log.fuzz" | tail -n 1)" >"$log"
	else
		{ echo "not ok 1 - $name failed"; tail -n 30 "$log.fuzz" | sed 's/^/# /'; } >"$log"
	fi
	rm -rf "$corpus" "$log.fuzz"
	count "fuzz/$name" "$status"
done

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
