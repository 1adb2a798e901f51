#!/bin/sh
# The page groups beyond cases: the difficulties (a court writes, the
# Presidency answers and closes, scopes apply), the audit page (reads
# and exports are there), the administration (a user added from the
# page can sign in), the JSON API (read, record, refusal in Arabic).
. "$(dirname "$0")/lib.sh"

http_setup
for u in admin pres ca sale marr; do
	check "login $u" http_login $u
done

# --- difficulties ---
code=$(http_post sale /difficulties --data-urlencode 'title=تأخر أجوبة المنصة <b>' --data-urlencode 'body=لم نتوصل بالمعطيات التقنية.')
check "a court reports a difficulty (303, got $code)" [ "$code" = 303 ]
http_status sale GET /difficulties >/dev/null
check "the court sees it, escaped" sh -c "grep -qF 'تأخر أجوبة المنصة &lt;b&gt;' '$PAGE'"
did=$(sed -n 's/.*id="d-\([0-9]*\)".*/\1/p' "$PAGE" | head -n 1)
check "it has an id ($did)" test -n "$did"
http_status ca GET /difficulties >/dev/null
check "its Court of Appeal sees it" grep -qF 'تأخر أجوبة المنصة' "$PAGE"
http_status marr GET /difficulties >/dev/null
check "another district's court does not" sh -c "! grep -qF 'تأخر أجوبة المنصة' '$PAGE'"
code=$(http_post marr "/difficulties/$did/answer" --data-urlencode 'answer=x')
check "a court cannot answer (403, got $code)" [ "$code" = 403 ]
code=$(http_post pres "/difficulties/$did/answer" --data-urlencode 'answer=تمت مراسلة المنصة.')
check "the Presidency answers (303, got $code)" [ "$code" = 303 ]
code=$(http_post pres "/difficulties/999999/answer" --data-urlencode 'answer=x')
check "answering a missing difficulty is 404 (got $code)" [ "$code" = 404 ]
http_status sale GET /difficulties >/dev/null
check "the court reads the answer" grep -qF 'تمت مراسلة المنصة.' "$PAGE"
code=$(http_post pres "/difficulties/$did/close")
check "the Presidency closes it (303, got $code)" [ "$code" = 303 ]
http_status pres GET /difficulties >/dev/null
check "closed: no answer form left" sh -c "! grep -qF 'action=\"/difficulties/$did/answer\"' '$PAGE'"

# --- the audit page: who saw what ---
expect_status "sale reads a case" 200 sale GET "/cases/$CASE_SALE"
expect_status "sale downloads the table as CSV" 200 sale GET "/table/download?format=csv&scope=court&code=tpi-sale&year=2022"
http_status admin GET "/audit?actor=sale" >/dev/null
check "the audit page shows the case read" grep -qF "case:$CASE_SALE" "$PAGE"
check "the audit page shows the export" grep -qF 'table:court:tpi-sale:2022' "$PAGE"
check "the audit page shows the login" grep -qE '<code>login' "$PAGE"
# Lists show cases too: each view is audited with what it asked for,
# served from the cache or not.
version=$(sql "$DB" 'SELECT n FROM data_version')
for i in 1 2; do
	expect_status "sale lists its cases (view $i)" 200 sale GET "/cases?court=tpi-sale&year=2022"
done
check "both list views are audited with their filter" \
	[ "$(sql "$DB" "SELECT count(*) FROM audit WHERE actor = 'sale' AND action = 'case_list' AND detail LIKE '%court=tpi-sale&year=2022'")" = 2 ]
expect_status "sale opens its dashboard" 200 sale GET /
check "the dashboard view is audited" [ "$(sql "$DB" "SELECT count(*) FROM audit WHERE actor = 'sale' AND action = 'dashboard_read'")" -ge 1 ]
expect_status "sale views the table" 200 sale GET "/table?scope=court&code=tpi-sale&year=2022"
check "the table view is audited" [ "$(sql "$DB" "SELECT count(*) FROM audit WHERE actor = 'sale' AND action = 'table_read' AND object = 'table:court:tpi-sale:2022'")" = 1 ]
expect_status "sale lists cases through the API" 200 sale GET "/api/v1/cases?year=2022"
check "the API list is audited" [ "$(sql "$DB" "SELECT count(*) FROM audit WHERE actor = 'sale' AND action = 'case_list' AND detail LIKE 'api %year=2022%'")" = 1 ]
check "audited reads do not move the data version, the cache's stamp ($version)" \
	[ "$(sql "$DB" 'SELECT n FROM data_version')" = "$version" ]
check "the audit chain verifies" sh -c "'$HIMAYA' --db '$DB' audit verify >/dev/null"

# --- administration ---
http_status admin GET /admin >/dev/null
check "the users are listed" grep -qF '<code>marr</code>' "$PAGE"
check "the judicial map is listed" grep -qF 'tpi-sale' "$PAGE"
code=$(http_post admin /admin/users --data-urlencode name=newtpi --data-urlencode role=court \
	--data-urlencode court=tpi-rabat --data-urlencode 'password=a long enough password')
check "the administrator adds a user (200, got $code)" [ "$code" = 200 ]
sed -n 's/.*secret=\([A-Z2-7]*\).*/\1/p' "$PAGE" | head -n 1 | tr -d '\n' >"$TEST_DIR/secret.newtpi"
check "the new user's TOTP secret is shown once" test -s "$TEST_DIR/secret.newtpi"
HTTP_PASSWORD_SAVED=$HTTP_PASSWORD
HTTP_PASSWORD='a long enough password'
check "the new user signs in" http_login newtpi
check "the enrolment shows the QR code inline" grep -qF '<div class="qr"><svg xmlns="http://www.w3.org/2000/svg"' "$PAGE"
check "the QR code carries no style attribute (CSP)" sh -c "! grep -qE '<svg[^>]* style=|<path[^>]* style=' '$PAGE'"
check "the otpauth URI is beside it" grep -qF "otpauth://totp/Himaya:newtpi?secret=$(cat "$TEST_DIR/secret.newtpi")" "$PAGE"
cp "$TEST_DIR/secret.newtpi" "$TEST_DIR/secret.newtpi.old"
code=$(http_post admin /admin/totp --data-urlencode name=newtpi)
check "a reset without the confirmation box is refused (422, got $code)" [ "$code" = 422 ]
code=$(http_post admin /admin/totp --data-urlencode name=newtpi --data-urlencode confirm=1)
check "the administrator resets the user's TOTP (200, got $code)" [ "$code" = 200 ]
sed -n 's/.*secret=\([A-Z2-7]*\).*/\1/p' "$PAGE" | head -n 1 | tr -d '\n' >"$TEST_DIR/secret.newtpi"
check "a new secret is shown, with its QR code" sh -c "test -s '$TEST_DIR/secret.newtpi' && ! cmp -s '$TEST_DIR/secret.newtpi' '$TEST_DIR/secret.newtpi.old' && grep -qF '<div class=\"qr\"><svg' '$PAGE'"
check "the user signs in with the new secret" http_login newtpi later
code=$(http_post admin /admin/totp --data-urlencode name=nosuchuser --data-urlencode confirm=1)
check "resetting an unknown user is 404 (got $code)" [ "$code" = 404 ]
check "the admin page does not show the secret again" sh -c "curl -s -b '$(jar admin)' '$BASE/admin' | grep -qvF \"\$(cat '$TEST_DIR/secret.newtpi')\" && ! curl -s -b '$(jar admin)' '$BASE/admin' | grep -qF \"\$(cat '$TEST_DIR/secret.newtpi')\""
HTTP_PASSWORD=$HTTP_PASSWORD_SAVED
code=$(http_post admin /admin/users --data-urlencode name=newtpi --data-urlencode role=court \
	--data-urlencode court=tpi-rabat --data-urlencode 'password=a long enough password')
check "a second user of the same name is refused (409, got $code)" [ "$code" = 409 ]

# --- the dashboard and the list are cached, and follow every write ---
list_count() { curl -s -b "$(jar sale)" "$BASE/cases" | sed -n 's/.*<p class="count">[^<]*<strong>\([0-9]*\)<.*/\1/p'; }
dash_total() { curl -s -b "$(jar sale)" "$BASE/" | grep -o '<span class="n">[0-9]*</span>' | sed -n '2s/[^0-9]//gp'; }
n0=$(list_count) t0=$(dash_total)
check "the list's count and the dashboard's total are shown ($n0, $t0)" test -n "$n0" -a -n "$t0" -a "$n0" = "$t0"
check "served again, unchanged" [ "$(list_count)" = "$n0" -a "$(dash_total)" = "$t0" ]
"$HIMAYA" --db "$DB" case open --court tpi-sale --number CACHE/1 --date 2025-06-01 --body dgsn --subject other --platform ncmec >/dev/null
check "a case opened by another process (the CLI) is counted at once" [ "$(list_count)" = $((n0 + 1)) -a "$(dash_total)" = $((t0 + 1)) ]
code=$(http_post sale /cases --data-urlencode number=CACHE/2 --data-urlencode registered=01/06/2025 \
	--data-urlencode body=dgsn --data-urlencode platform_cps=1 --data-urlencode subject_other=1)
check "a case opened on the page, date day/month/year (303, got $code)" [ "$code" = 303 ]
check "is counted at once too" [ "$(list_count)" = $((n0 + 2)) -a "$(dash_total)" = $((t0 + 2)) ]
check "another court's list is not this one's (cache keyed by scope)" \
	[ "$(curl -s -b "$(jar marr)" "$BASE/cases" | sed -n 's/.*<p class="count">[^<]*<strong>\([0-9]*\)<.*/\1/p')" != $((n0 + 2)) ]

# --- JSON API ---
http_status sale GET "/api/v1/cases?limit=5" >/dev/null
check "the API lists the scope's cases" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["count"] > 0 and all(c["court"] == "tpi-sale" for c in d["cases"]) and len(d["cases"]) <= 5 else 1)' "$PAGE"
new=$("$HIMAYA" --db "$DB" case open --court tpi-sale --number API/1 --date 2025-06-01 --body dgsn --subject other --platform ncmec)
code=$(curl -s -o "$PAGE" -w '%{http_code}' -b "$(jar sale)" -H "X-CSRF-Token: $(csrf_of sale)" \
	-H 'Content-Type: application/json' --data '{"type":"decision","date":"2025-06-02","code":"detained","charges":["other"],"accused":1}' \
	"$BASE/api/v1/cases/$new/events")
check "the API records a decision (201, got $code)" [ "$code" = 201 ]
code=$(curl -s -o "$PAGE" -w '%{http_code}' -b "$(jar sale)" -H "X-CSRF-Token: $(csrf_of sale)" \
	-H 'Content-Type: application/json' --data '{"type":"cassation","date":"2025-06-03","code":"rejected"}' \
	"$BASE/api/v1/cases/$new/events")
check "the API refuses a cassation before an appeal (422, got $code)" [ "$code" = 422 ]
check "with the reason in Arabic and French" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["error"] == "refused" and d["message_ar"] and d["message_fr"] else 1)' "$PAGE"
code=$(curl -s -o "$PAGE" -w '%{http_code}' -b "$(jar sale)" -H "X-CSRF-Token: $(csrf_of sale)" \
	-H 'Content-Type: application/json' --data '{"type":' "$BASE/api/v1/cases/$new/events")
check "malformed JSON is 400 (got $code)" [ "$code" = 400 ]
http_status sale GET "/api/v1/cases/$new/events" >/dev/null
check "the API lists the case's events" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if [e["type"] for e in d["events"]] == ["decision"] else 1)' "$PAGE"
http_status sale GET "/api/v1/table?scope=court&code=tpi-sale&year=2025" >/dev/null
check "the API gives the table as JSON" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["count"] >= 1 else 1)' "$PAGE"

# Graceful shutdown: a national PDF is being drawn when SIGTERM arrives;
# it is still answered in full, then the server exits 0.
curl -s -b "$(jar pres)" -o "$TEST_DIR/national.pdf" -w '%{http_code}' \
	"$BASE/table/download?format=pdf&scope=national&year=2022" >"$TEST_DIR/pdf.code" &
pdf_pid=$!
sleep 0.3
http_teardown
wait $pdf_pid
check "a request in flight at SIGTERM is answered (200, got $(cat "$TEST_DIR/pdf.code"))" [ "$(cat "$TEST_DIR/pdf.code")" = 200 ]
check "with the whole PDF" sh -c "head -c 5 '$TEST_DIR/national.pdf' | grep -q '%PDF-' && tail -c 1024 '$TEST_DIR/national.pdf' | grep -q '%%EOF'"
done_testing
