#!/bin/sh
# Defences: the security headers on every response, CSRF on every POST,
# hostile input in every form field stored escaped or refused (never
# executed), body size limits, and no internals in error pages.
. "$(dirname "$0")/lib.sh"

http_setup
check "login sale" http_login sale
CSP="default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

# headers_ok NAME USER METHOD PATH [curl args]: the common headers are there.
headers_ok() {
	_name=$1 _u=$2 _m=$3 _p=$4
	shift 4
	if [ "$_u" = - ]; then
		curl -s -D "$TEST_DIR/h" -o /dev/null -X "$_m" "$@" "$BASE$_p"
	else
		curl -s -D "$TEST_DIR/h" -o /dev/null -b "$(jar "$_u")" -X "$_m" "$@" "$BASE$_p"
	fi
	tr -d '\r' <"$TEST_DIR/h" >"$PAGE"
	grep -qxF "Content-Security-Policy: $CSP" "$PAGE" &&
		grep -qxF 'X-Content-Type-Options: nosniff' "$PAGE" &&
		grep -qxF 'Referrer-Policy: no-referrer' "$PAGE" &&
		grep -qi '^Cache-Control: ' "$PAGE"
	_report $? "security headers: $_name"
}

headers_ok "login page" - GET /login
headers_ok "dashboard" sale GET /
headers_ok "case page" sale GET "/cases/$CASE_SALE"
headers_ok "404 page" sale GET /nowhere
headers_ok "404 case of another court" sale GET "/cases/$CASE_MARR"
headers_ok "403 page" sale GET /admin
headers_ok "redirect" - GET /
headers_ok "405" sale PUT /cases
headers_ok "static stylesheet" - GET /static/app.css
headers_ok "API 401" - GET /api/v1/cases
headers_ok "CSRF refusal" sale POST /cases --data-urlencode csrf=bad
headers_ok "CSV download" sale GET "/table/download?format=csv"

curl -s -D "$TEST_DIR/h" -o /dev/null "$BASE/static/app.css"
tr -d '\r' <"$TEST_DIR/h" >"$PAGE"
check "static file is cacheable with an ETag" sh -c "grep -qi '^Cache-Control: public' '$PAGE' && grep -qi '^ETag: \"' '$PAGE'"
etag=$(sed -n 's/^ETag: //Ip' "$PAGE")
expect_status "static file revalidates: 304" 304 - GET /static/app.css -H "If-None-Match: $etag"
curl -s -D "$TEST_DIR/h" -o /dev/null -b "$(jar sale)" "$BASE/cases"
check "pages are no-store" grep -qi '^Cache-Control: no-store' "$TEST_DIR/h"

# --- CSRF: missing or wrong token -> 403, and nothing changes ---
before=$("$HIMAYA" --db "$DB" case list --court tpi-sale --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
form="--data-urlencode number=CSRF/1 --data-urlencode registered=2025-06-01 --data-urlencode body=dgsn --data-urlencode platform_ncmec=1 --data-urlencode subject_other=1"
expect_status "open a case without CSRF token -> 403" 403 sale POST /cases $form
expect_status "open a case with a wrong CSRF token -> 403" 403 sale POST /cases $form --data-urlencode "csrf=$(printf '%064d' 0)"
expect_status "record an event without CSRF token -> 403" 403 sale POST "/cases/$CASE_SALE/events" --data-urlencode type=investigation --data-urlencode date=2025-06-01
expect_status "logout without CSRF token -> 403" 403 sale POST /logout
expect_status "language switch without CSRF token -> 403" 403 sale POST /lang --data-urlencode lang=fr
expect_status "API POST without X-CSRF-Token -> 403" 403 sale POST "/api/v1/cases/$CASE_SALE/events" -H 'Content-Type: application/json' --data '{"type":"investigation","date":"2025-06-01"}'
after=$("$HIMAYA" --db "$DB" case list --court tpi-sale --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
check "nothing was written by refused requests ($before cases)" test -n "$before" -a "$before" = "$after"
# One hex digit changed (always a change: "0" becomes "1", anything else "0").
tampered=$(csrf_of sale | awk '{ printf "%s%s", (substr($0, 1, 1) == "0" ? "1" : "0"), substr($0, 2) }')
check "the tampered token differs from the real one" [ "$tampered" != "$(csrf_of sale)" ]
expect_status "a tampered CSRF token is refused" 403 sale POST /cases $form --data-urlencode "csrf=$tampered"

# --- hostile input: stored escaped, or refused; never markup ---
XSS='<script>alert(1)</script>"'"'"'><img src=x onerror=alert(2)>&amp;'
code=$(http_post sale /cases --data-urlencode "number=$XSS" --data-urlencode registered=2025-06-01 \
	--data-urlencode body=dgsn --data-urlencode "unit=$XSS" --data-urlencode platform_ncmec=1 \
	--data-urlencode subject_other=1 --data-urlencode suspects=1 --data-urlencode "notes=$XSS
second line")
check "a case with markup in every text field is accepted (303, got $code)" [ "$code" = 303 ]
xss_id=$("$HIMAYA" --db "$DB" case list --court tpi-sale --json | python3 -c 'import json,sys; print(max(c["id"] for c in json.load(sys.stdin)["cases"]))')
http_status sale GET "/cases/$xss_id" >/dev/null
check "the case page shows the markup as text" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(2)&gt;&amp;amp;' "$PAGE"
check "no hostile tag reaches the page" sh -c "! grep -qiE '<script|<img' '$PAGE'"
"$HIMAYA" --db "$DB" case show "$xss_id" --json >"$TEST_DIR/case.json"
check "the store holds the text as typed" python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); sys.exit(0 if c["file_number"]==sys.argv[2] else 1)' "$TEST_DIR/case.json" "$XSS"
http_status sale GET "/cases" >/dev/null
check "the case list escapes it too" sh -c "grep -qF '&lt;script&gt;' '$PAGE' && ! grep -qiE '<script|<img' '$PAGE'"
code=$(http_post sale "/cases/$xss_id/events" --data-urlencode type=investigation --data-urlencode date=2025-06-02 --data-urlencode "note=$XSS")
check "an event note with markup is accepted (303, got $code)" [ "$code" = 303 ]
http_status sale GET "/cases/$xss_id" >/dev/null
check "the timeline escapes the note" sh -c "! grep -qiE '<script|<img' '$PAGE'"
code=$(http_post sale "/cases/$xss_id/events" --data-urlencode type=investigation --data-urlencode "date=<b>2025</b>")
check "markup in a date is refused (422, got $code)" [ "$code" = 422 ]
check "the refusal page does not echo it as markup" sh -c "! grep -qF '<b>2025</b>' '$PAGE'"

# Invalid UTF-8 and control characters are refused in every text field.
for field in number unit notes; do
	set --
	for f in number unit notes; do
		if [ "$f" = "$field" ]; then
			set -- "$@" --data "$f=%C3%28%FF"
		else
			set -- "$@" --data-urlencode "$f=UTF/$field"
		fi
	done
	code=$(http_post sale /cases "$@" --data-urlencode registered=2025-06-01 \
		--data-urlencode body=dgsn --data-urlencode platform_ncmec=1 --data-urlencode subject_other=1)
	check "invalid UTF-8 in $field is refused (422, got $code)" [ "$code" = 422 ]
done
code=$(http_post sale /cases --data-urlencode number=NUL/1 --data-urlencode registered=2025-06-01 \
	--data-urlencode body=dgsn --data-urlencode platform_ncmec=1 --data-urlencode subject_other=1 --data "unit=a%00b")
check "a NUL byte is refused (422, got $code)" [ "$code" = 422 ]
code=$(http_post sale "/cases/$xss_id/events" --data-urlencode type=investigation --data-urlencode date=2025-06-03 --data "note=%FF%FE")
check "invalid UTF-8 in an event note is refused (422, got $code)" [ "$code" = 422 ]
long=$(python3 -c 'print("ب" * 3000)')
code=$(http_post sale /cases --data-urlencode "number=$long" --data-urlencode registered=2025-06-01 \
	--data-urlencode body=dgsn --data-urlencode platform_ncmec=1 --data-urlencode subject_other=1)
check "a very long file number is refused (422, got $code)" [ "$code" = 422 ]
code=$(http_post sale /cases --data-urlencode number=CODE/1 --data-urlencode registered=2025-06-01 \
	--data-urlencode 'body=<x>' --data-urlencode platform_ncmec=1 --data-urlencode subject_other=1)
check "an unknown code is refused (422, got $code)" [ "$code" = 422 ]
code=$(http_post sale "/cases/$xss_id/events" --data-urlencode type=decision --data-urlencode date=2025-06-04 \
	--data-urlencode code=detained --data-urlencode 'accused=1e9')
check "a malformed number is refused (422, got $code)" [ "$code" = 422 ]
http_status sale GET "/cases?court=%3Cscript%3E&year=%3Cb%3E&stage=%22%3E" >/dev/null
check "hostile query arguments are ignored, not echoed" sh -c "grep -q 'f-year' '$PAGE' && ! grep -qiE '<script|<b>|value=\"\"&gt;' '$PAGE'"

# --- limits ---
python3 -c 'import sys; sys.stdout.write("notes=" + "a" * (2 * 1024 * 1024))' >"$TEST_DIR/big"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$(jar sale)" --data-binary "@$TEST_DIR/big" "$BASE/cases")
check "a body over the limit is refused: 413 (got $code)" [ "$code" = 413 ]
expect_status "the server still answers after it" 200 sale GET /cases

# --- error pages never show internals ---
for p in /nowhere "/cases/$CASE_MARR" /admin "/cases/99999999999999999999999"; do
	http_status sale GET "$p" >/dev/null
	check "no internals on $p" sh -c "! grep -qiE 'sqlite|SELECT |\\.c:[0-9]|segfault|stack' '$PAGE'"
done

http_teardown
done_testing
