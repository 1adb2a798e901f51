# tests/cli/lib.sh - a tiny TAP harness for end-to-end scenarios of the
# himaya binary (after git's t/test-lib.sh). Source it, then:
#
#   db=$(new_db)                       # a fresh initialised database
#   expect "case opens" 0 himaya --db "$db" case open ...
#   expect_out "list shows it" "tpi-rabat" himaya --db "$db" case list
#   check "two cases" [ "$(... | jq ...)" = 2 ]
#   done_testing
#
# Each check prints "ok N - name" or "not ok N - name" with the command's
# output as "# " comments. $HIMAYA is the binary under test (sanitized).

set -u
: "${HIMAYA:?HIMAYA must point at the himaya binary}"
TEST_DIR=$(mktemp -d)
trap 'rm -rf "$TEST_DIR"' EXIT
_n=0
_failed=0
OUT="$TEST_DIR/out"
ERR="$TEST_DIR/err"

himaya() { "$HIMAYA" "$@"; }

_report() {
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		_failed=$((_failed + 1))
		echo "not ok $_n - $2"
		[ -s "$OUT" ] && sed 's/^/# stdout: /' "$OUT" | head -n 20
		[ -s "$ERR" ] && sed 's/^/# stderr: /' "$ERR" | head -n 20
	fi
}

# expect NAME STATUS CMD...: the command exits with STATUS.
expect() {
	_name=$1 _want=$2
	shift 2
	"$@" >"$OUT" 2>"$ERR"
	_got=$?
	[ "$_got" -eq "$_want" ]
	_r=$?
	[ $_r -ne 0 ] && echo "# expected status $_want, got $_got"
	_report $_r "$_name"
}

# expect_out NAME PATTERN CMD...: exits 0 and stdout matches the ERE.
expect_out() {
	_name=$1 _pat=$2
	shift 2
	"$@" >"$OUT" 2>"$ERR"
	_got=$?
	[ "$_got" -eq 0 ] && grep -qE -- "$_pat" "$OUT"
	_report $? "$_name"
}

# expect_err NAME STATUS PATTERN CMD...: exits STATUS, stderr matches.
expect_err() {
	_name=$1 _want=$2 _pat=$3
	shift 3
	"$@" >"$OUT" 2>"$ERR"
	_got=$?
	[ "$_got" -eq "$_want" ] && grep -qE -- "$_pat" "$ERR"
	_report $? "$_name"
}

# check NAME CMD...: the command (a test, usually) succeeds.
check() {
	_name=$1
	shift
	: >"$OUT"
	: >"$ERR"
	"$@"
	_report $? "$_name"
}

# The backend under test: SQLite files by default; with HIMAYA_TEST_PG (a
# PostgreSQL URL, set by tests/run.sh for its PostgreSQL pass) every
# database is a new database on that server. tests/run.sh drops them.
is_pg() { [ -n "${HIMAYA_TEST_PG:-}" ]; }

# empty_db: a database that does not exist yet (SQLite: a path; PostgreSQL:
# a created, empty database) - for tests of init and migrations.
empty_db() {
	if is_pg; then
		_pg_new_db template0
	else
		echo "$TEST_DIR/db.$$.$(date +%s%N)"
	fi
}

_pg_new_db() {
	_name="c_$$_$(date +%s%N)"
	psql "$HIMAYA_TEST_PG" -qAt -c "CREATE DATABASE \"$_name\" TEMPLATE \"$1\" STRATEGY FILE_COPY" >/dev/null 2>&1 ||
		{ echo "# cannot create database $_name on $HIMAYA_TEST_PG" >&2; return 1; }
	echo "${HIMAYA_TEST_PG%/*}/$_name"
}

# A fresh database with the reference data loaded.
new_db() {
	if is_pg; then
		_db=$(_pg_new_db "${HIMAYA_TEST_PG_TEMPLATE:-template0}") || return 1
	else
		_db="$TEST_DIR/db.$$.$(date +%s%N)"
	fi
	"$HIMAYA" --db "$_db" init >/dev/null 2>&1 || { echo "# init failed" >&2; return 1; }
	echo "$_db"
}

# sql DB QUERY: run QUERY on either backend, rows one per line, columns
# separated by "|" (sqlite3's and psql -At's common format). Write queries
# both dialects read (count(*), CASE WHEN ... THEN 1 ELSE 0 END, not booleans).
sql() {
	case "$1" in
	postgres://* | postgresql://*) psql "$1" -qAt -v ON_ERROR_STOP=1 -c "$2" ;;
	*) sqlite3 "$1" "$2" ;;
	esac
}

# db_dump DB: every byte of data the database holds, as text (for "this
# secret is nowhere in the database" checks).
db_dump() {
	case "$1" in
	postgres://* | postgresql://*) pg_dump "$1" ;;
	*) sqlite3 "$1" .dump; cat "$1" "$1-wal" 2>/dev/null ;;
	esac
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
