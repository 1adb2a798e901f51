# tests/http/lib.sh - HTTP scenarios against a running `himaya serve`
# (the sanitized binary) on a temporary database, with curl. Builds on
# tests/cli/lib.sh (TAP output, check, new_db). Source it, then:
#
#   http_setup                 # database + demo data + one user per role, server started
#   http_login sale            # session cookie in a jar, CSRF token in $CSRF_sale
#   check "..." [ "$(http_status sale GET /cases)" = 200 ]
#   http_teardown              # SIGTERM; the server must stop cleanly, ASan silent
#   done_testing
#
# Users (password $HTTP_PASSWORD, TOTP codes from oathtool):
#   admin (admin), pres (presidency), ca (appeal, ca-rabat),
#   sale (court, tpi-sale), marr (court, tpi-marrakech),
#   police (police, dgsn, the Salé regional unit).

. "$(dirname "$0")/../cli/lib.sh"

HTTP_PASSWORD='correct horse battery staple 42'
HTTP_TODAY=2025-07-01
POLICE_UNIT='الفرقة الجهوية للشرطة القضائية بسلا'
SERVER_LOG="$TEST_DIR/server.log"
# The last response body (check() empties $OUT before it runs, so pages go here).
PAGE="$TEST_DIR/page"
SERVER_PID=

# A free TCP port on 127.0.0.1 (the kernel picks it).
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# http_user NAME ROLE [user add options...]: create a user, remember its TOTP secret.
http_user() {
	_name=$1
	shift
	_out=$(printf '%s\n' "$HTTP_PASSWORD" | "$HIMAYA" --db "$DB" user add "$_name" --role "$@" --password-stdin --no-qr 2>&1)
	_secret=$(printf '%s\n' "$_out" | sed -n 's/.*secret=\([A-Z2-7]*\).*/\1/p' | head -n 1)
	if [ -z "$_secret" ]; then
		echo "# user add $_name failed: $_out" >&2
		return 1
	fi
	printf '%s' "$_secret" >"$TEST_DIR/secret.$_name"
}

# totp_of NAME [LATER]: the current code, or with LATER the next step's
# (a code is accepted once; the server allows one step of clock skew).
totp_of() {
	if [ -n "${2:-}" ]; then
		oathtool --totp -b "$(cat "$TEST_DIR/secret.$1")" --now "$(date -u -d '+30 seconds' '+%Y-%m-%d %H:%M:%S UTC')"
	else
		oathtool --totp -b "$(cat "$TEST_DIR/secret.$1")"
	fi
}

# Case ids of the demo data set: the first case of a court (and unit).
case_of() {
	"$HIMAYA" --db "$DB" case list --court "$1" --json |
		python3 -c 'import json,sys
unit = sys.argv[1] if len(sys.argv) > 1 else ""
for c in json.load(sys.stdin)["cases"]:
    if not unit or c.get("unit") == unit:
        print(c["id"]); break' ${2:+"$2"}
}

http_setup() {
	DB=$(new_db) || exit 1
	HIMAYA_TODAY=$HTTP_TODAY "$HIMAYA" --db "$DB" demo --seed 2021 >/dev/null 2>&1 || { echo "# demo failed" >&2; exit 1; }
	http_user admin admin || exit 1
	http_user pres presidency || exit 1
	http_user ca appeal --court ca-rabat || exit 1
	http_user sale court --court tpi-sale || exit 1
	http_user marr court --court tpi-marrakech || exit 1
	http_user police police --body dgsn --unit "$POLICE_UNIT" || exit 1
	CASE_SALE=$(case_of tpi-sale "$POLICE_UNIT")
	CASE_RABAT=$(case_of tpi-rabat)
	CASE_MARR=$(case_of tpi-marrakech)
	http_start
}

http_start() {
	PORT=$(free_port)
	BASE="http://127.0.0.1:$PORT"
	LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")/../http" && pwd)/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
	HIMAYA_TODAY=$HTTP_TODAY "$HIMAYA" --db "$DB" serve --listen "127.0.0.1:$PORT" >>"$SERVER_LOG" 2>&1 &
	SERVER_PID=$!
	trap 'http_kill; rm -rf "$TEST_DIR"' EXIT
	for _i in $(seq 1 100); do
		curl -s -o /dev/null "$BASE/login" && return 0
		sleep 0.1
	done
	echo "# the server did not start" >&2
	sed 's/^/# /' "$SERVER_LOG" | head -n 20 >&2
	exit 1
}

http_kill() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
	SERVER_PID=
}

# Stop with SIGTERM: the server must exit 0, and the sanitizers must
# have nothing to say about any request it served.
http_teardown() {
	kill -TERM "$SERVER_PID"
	wait "$SERVER_PID"
	_status=$?
	SERVER_PID=
	check "server stops cleanly on SIGTERM (status $_status)" [ "$_status" -eq 0 ]
	if grep -qE 'AddressSanitizer|runtime error|LeakSanitizer' "$SERVER_LOG"; then
		grep -E -A5 'AddressSanitizer|runtime error|LeakSanitizer' "$SERVER_LOG" | head -n 30 | sed 's/^/# /'
		check "sanitizers silent in the server" false
	else
		check "sanitizers silent in the server" true
	fi
}

jar() { echo "$TEST_DIR/jar.$1"; }

# http_login NAME [later]: sign in (pre-login token, password, TOTP; with
# "later", the next step's code for a second session); sets CSRF_NAME.
http_login() {
	_jar=$(jar "$1")
	rm -f "$_jar"
	_tok=$(curl -s -c "$_jar" "$BASE/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
	_code=$(curl -s -b "$_jar" -c "$_jar" -o /dev/null -w '%{http_code}' \
		--data-urlencode "csrf=$_tok" --data-urlencode "name=$1" \
		--data-urlencode "password=$HTTP_PASSWORD" --data-urlencode "totp=$(totp_of "$1" "${2:-}")" "$BASE/login")
	[ "$_code" = 303 ] || { echo "# login of $1 answered $_code" >&2; return 1; }
	_csrf=$(curl -s -L -b "$_jar" "$BASE/" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
	[ -n "$_csrf" ] || { echo "# no CSRF token for $1" >&2; return 1; }
	eval "CSRF_$1=\$_csrf"
}

csrf_of() { eval "echo \$CSRF_$1"; }

# http_status USER METHOD PATH [curl args]: the status code ("-" as USER: no session).
http_status() {
	_u=$1 _m=$2 _p=$3
	shift 3
	if [ "$_u" = - ]; then
		curl -s -o "$PAGE" -w '%{http_code}' -X "$_m" "$@" "$BASE$_p"
	else
		curl -s -o "$PAGE" -w '%{http_code}' -b "$(jar "$_u")" -X "$_m" "$@" "$BASE$_p"
	fi
}

# http_post USER PATH FIELD=VALUE...: a form POST with the user's CSRF token.
http_post() {
	_u=$1 _p=$2
	shift 2
	set -- --data-urlencode "csrf=$(csrf_of "$_u")" "$@"
	curl -s -o "$PAGE" -w '%{http_code}' -b "$(jar "$_u")" "$@" "$BASE$_p"
}

# expect_status NAME WANT USER METHOD PATH [curl args]
expect_status() {
	_name=$1 _want=$2
	shift 2
	: >"$ERR"
	_got=$(http_status "$@")
	[ "$_got" = "$_want" ]
	_r=$?
	if [ $_r -ne 0 ]; then
		echo "# expected $_want, got $_got" >"$ERR"
		head -c 2000 "$PAGE" >"$OUT"
	fi
	_report $_r "$_name"
}
