#!/bin/sh
# Signing in and out: the cookie's flags, refused logins that do not say
# which factor was wrong, lock-out, logout (this session and everywhere),
# the login form's own CSRF token, the language kept per user.
. "$(dirname "$0")/lib.sh"

http_setup
http_user lock court --court tpi-sale || exit 1

# login_as NAME PASSWORD CODE: the status of one login attempt.
login_as() {
	_jar="$TEST_DIR/jar.try"
	rm -f "$_jar"
	_tok=$(curl -s -c "$_jar" "$BASE/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
	curl -s -D "$TEST_DIR/h" -o "$PAGE" -w '%{http_code}' -b "$_jar" -c "$_jar" \
		--data-urlencode "csrf=$_tok" --data-urlencode "name=$1" --data-urlencode "password=$2" \
		--data-urlencode "totp=$3" "$BASE/login"
}

code=$(login_as sale "wrong password" "$(totp_of sale)")
check "a wrong password is refused (403, got $code)" [ "$code" = 403 ]
check "the refusal does not say which factor" sh -c "grep -q 'notice error' '$PAGE' && ! grep -qiE 'password is wrong|wrong code|unknown user' '$PAGE'"
code=$(login_as sale "$HTTP_PASSWORD" 000000)
check "a wrong TOTP code is refused (403, got $code)" [ "$code" = 403 ]
code=$(login_as nobody "$HTTP_PASSWORD" 123456)
check "an unknown user is refused the same way (403, got $code)" [ "$code" = 403 ]

# The login form's token: without it, or with another one, 403.
code=$(curl -s -o /dev/null -w '%{http_code}' --data-urlencode name=sale --data-urlencode "password=$HTTP_PASSWORD" \
	--data-urlencode "totp=$(totp_of sale)" "$BASE/login")
check "a login without the form's token is refused (403, got $code)" [ "$code" = 403 ]

check "sale logs in" http_login sale
curl -s -D "$TEST_DIR/h" -o /dev/null -c /dev/null "$BASE/login" >/dev/null
_tok=$(curl -s -c "$TEST_DIR/jar.flags" "$BASE/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
curl -s -D "$TEST_DIR/h" -o /dev/null -b "$TEST_DIR/jar.flags" --data-urlencode "csrf=$_tok" --data-urlencode name=pres \
	--data-urlencode "password=$HTTP_PASSWORD" --data-urlencode "totp=$(totp_of pres)" "$BASE/login"
tr -d '\r' <"$TEST_DIR/h" >"$PAGE"
check "session cookie: 64 hex digits, HttpOnly, SameSite=Strict, Path=/" \
	grep -qE '^Set-Cookie: himaya_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/$' "$PAGE"

# Lock-out: after repeated failures even the right code is refused.
for i in 1 2 3 4 5 6; do
	login_as lock "not the password $i" "$(totp_of lock)" >/dev/null
done
code=$(login_as lock "$HTTP_PASSWORD" "$(totp_of lock)")
check "a locked account refuses the right password and code (403, got $code)" [ "$code" = 403 ]

# Logout ends the session: the old cookie no longer opens anything.
cp "$(jar sale)" "$TEST_DIR/jar.old"
expect_status "sale reads cases" 200 sale GET /cases
code=$(http_post sale /logout)
check "logout answers 303 (got $code)" [ "$code" = 303 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$TEST_DIR/jar.old" "$BASE/cases")
check "the old session cookie sends to the login page (303, got $code)" [ "$code" = 303 ]

# Logout everywhere ends the user's other sessions too.
check "ca logs in (first session)" http_login ca
cp "$(jar ca)" "$TEST_DIR/jar.ca1"
check "ca logs in again (second session)" http_login ca later
code=$(http_post ca /logout --data-urlencode everywhere=1)
check "logout everywhere (303, got $code)" [ "$code" = 303 ]
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$TEST_DIR/jar.ca1" "$BASE/cases")
check "the first session is over too (303, got $code)" [ "$code" = 303 ]

# The language is kept per user.
check "marr logs in" http_login marr
http_status marr GET /cases >/dev/null
check "Arabic by default, right to left" grep -q '<html lang="ar" dir="rtl">' "$PAGE"
code=$(http_post marr /lang --data-urlencode lang=fr --data-urlencode back=/cases)
check "switch to French (303, got $code)" [ "$code" = 303 ]
http_status marr GET /cases >/dev/null
check "French, left to right" grep -q '<html lang="fr" dir="ltr">' "$PAGE"
for back in https://evil.example/ //evil.example/ '/\evil.example'; do
	curl -s -D "$TEST_DIR/h" -o /dev/null -b "$(jar marr)" --data-urlencode "csrf=$(csrf_of marr)" \
		--data-urlencode lang=ar --data-urlencode "back=$back" "$BASE/lang"
	tr -d '\r' <"$TEST_DIR/h" >"$PAGE"
	check "a foreign 'back' address ($back) is not followed" grep -qx 'Location: /' "$PAGE"
done

http_teardown
done_testing
