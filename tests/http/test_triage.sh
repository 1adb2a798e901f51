#!/bin/sh
# The triage page and the subject page (issue 6): the known referrals of
# tests/fixtures/link/known.xml and two more (Salé, Marrakech) linked into
# subjects; each user's /triage holds exactly what `himaya triage` gives
# for its scope, in the same order (the CLI is the reference, not a list
# written here); near and past deadlines are flagged; a court never sees
# another court's subject, even by its address (404); the Presidency
# filters by court and to the route-by-hand queue; a police unit without
# a case is told why its queue is empty; reads are audited; Arabic right
# to left, French on request; a missing or bad data file stops the server
# at start, naming the file.
. "$(dirname "$0")/lib.sh"

# The fixture's deadlines are relative to this day (as in tests/cli/test_triage.sh).
HTTP_TODAY=2024-12-20
export HIMAYA_TODAY=$HTTP_TODAY
fx="$(cd "$(dirname "$0")/../fixtures" && pwd)"
data="$(cd "$(dirname "$0")/../../data" && pwd)"

http_setup
http_user police2 police --body dgsn --unit "وحدة بلا قضايا" || exit 1
for u in admin pres ca sale marr police police2; do
	check "login $u" http_login $u
done

# --- the data: known subjects, plus one placed in Salé and one in Marrakech ---
cat >"$TEST_DIR/more.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<reports>
  <cyberTiplineReport reportId="200001" priority="1" receivedDateTime="2024-01-06T09:00:00Z">
    <report>
      <incidentSummary><incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType></incidentSummary>
      <personOrUserReported><screenName>sale-user</screenName><espService>Chat</espService><ipCaptureEvent><ipAddress>105.71.0.1</ipAddress><dateTime>2024-01-05T08:00:00Z</dateTime></ipCaptureEvent></personOrUserReported>
    </report><geoLookup ipAddress="105.71.0.1" country="MA" region="" city="Salé" isp=""/>
  </cyberTiplineReport>
  <cyberTiplineReport reportId="200002" priority="2" receivedDateTime="2024-02-06T09:00:00Z">
    <report>
      <incidentSummary><incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType></incidentSummary>
      <personOrUserReported><screenName>marrakech-user</screenName><espService>Chat</espService></personOrUserReported>
    </report><geoLookup ipAddress="105.72.0.1" country="MA" region="" city="Marrakech" isp=""/>
  </cyberTiplineReport>
</reports>
EOF
check "import the known referrals" sh -c "'$HIMAYA' --db '$DB' import ncmec '$fx/link/known.xml' '$TEST_DIR/more.xml' >/dev/null 2>&1"
check "link them into subjects" sh -c "'$HIMAYA' --db '$DB' link >/dev/null 2>&1"
sid() { "$HIMAYA" --db "$DB" referral show "ncmec:$1" --json | jq .id; } # a subject's smallest referral
S_ESC=$(sid 100001) S_PAST=$(sid 100016) S_FES=$(sid 100014) S_CASA=$(sid 100013) S_SALE=$(sid 200001) S_MARR=$(sid 200002)

# The subject ids of the last page, in page order, one line.
page_ids() { sed -n 's/.*<tr id="subject-\([0-9]*\)".*/\1/p' "$PAGE" | tr '\n' ' '; }
# The same from `himaya triage ARGS --json`.
cli_ids() { "$HIMAYA" --db "$DB" triage "$@" --json | jq -r '.subjects[].id' | tr '\n' ' '; }

# --- the Presidency: every subject, in the CLI's order ---
expect_status "the Presidency opens /triage" 200 pres GET /triage
all=$(cli_ids)
check "its queue is the CLI's, in the same order ($all)" [ "$(page_ids)" = "$all" ]
check "14 subjects are waiting, said as a total" grep -qF '<strong id="total">14</strong>' "$PAGE"
check "the escalated subject ($S_ESC) comes first" [ "$(page_ids | cut -d' ' -f1)" = "$S_ESC" ]
check "it is flagged escalated" grep -qE "<tr id=\"subject-$S_ESC\" class=\"escalated\">.*class=\"flag escalated\"" "$PAGE"
check "its deadline is near: the date and the word" \
	grep -qE "<tr id=\"subject-$S_ESC\".*class=\"deadline deadline-near\"><bdi class=\"date\" dir=\"ltr\">2025-01-10</bdi> <strong>قريب</strong>" "$PAGE"
check "the subject past retention is flagged past" \
	grep -qE "<tr id=\"subject-$S_PAST\".*class=\"deadline deadline-past\"><bdi class=\"date\" dir=\"ltr\">2024-01-01</bdi> <strong>انتهى" "$PAGE"
check "and comes last" [ "$(page_ids | awk '{ print $NF }')" = "$S_PAST" ]
check "the court proposed is named, with why (the place)" \
	grep -qE "<tr id=\"subject-$S_FES\".*المحكمة الابتدائية بفاس</span> <span class=\"why\">\(حسب المكان الوارد في الإحالات\)" "$PAGE"
check "two courts: by hand, both named" \
	grep -qE 'توجيه يدوي</span> <span class="why">أماكن تابعة لعدة محاكم: المحكمة الابتدائية بطنجة، المحكمة الابتدائية بفاس' "$PAGE"
check "each row links to its subject page" grep -qF "<a href=\"/subjects/$S_ESC\">" "$PAGE"
check "the page is Arabic, right to left" grep -qF '<html lang="ar" dir="rtl">' "$PAGE"
check "the navigation has the queue, current" grep -qF '<a href="/triage" class="current" aria-current="page">قائمة الفرز</a>' "$PAGE"
check "no inline style (CSP)" sh -c "! grep -qE ' style=' '$PAGE'"

expect_status "the Presidency's route-by-hand queue" 200 pres GET "/triage?by_hand=1"
hand=$(cli_ids --by-hand)
check "is the CLI's --by-hand queue ($hand)" [ "$(page_ids)" = "$hand" ]
check "with no proposed court in it" sh -c "! grep -qF 'class=\"court\"' '$PAGE'"
check "and fewer subjects than the whole queue" [ "$(echo $hand | wc -w)" -lt "$(echo $all | wc -w)" ]
check "the box stays ticked" grep -qF 'name="by_hand" value="1" checked' "$PAGE"
expect_status "the Presidency's Fès queue" 200 pres GET "/triage?court=tpi-fes"
check "is the CLI's --court tpi-fes: only $S_FES" [ "$(page_ids)" = "$(cli_ids --court tpi-fes)" -a "$(page_ids)" = "$S_FES " ]
expect_status "an unknown court is ignored, not echoed" 200 pres GET "/triage?court=%3Cb%3Ex"
check "the whole queue then" [ "$(page_ids)" = "$all" ]
check "and the value appears nowhere" sh -c "! grep -qF '<b>x' '$PAGE'"

# --- a First Instance Court: its own court's subjects, no other ---
expect_status "Salé's prosecutor opens /triage" 200 sale GET /triage
check "its queue is the CLI's --court tpi-sale" [ "$(page_ids)" = "$(cli_ids --court tpi-sale)" ]
check "which holds the Salé subject only ($S_SALE)" [ "$(page_ids)" = "$S_SALE " ]
check "its deadline is near" grep -qE "<tr id=\"subject-$S_SALE\".*deadline-near" "$PAGE"
check "no filter form for one court" sh -c "! grep -qF 'action=\"/triage\"' '$PAGE'"
expect_status "a court's filter cannot reach another court" 200 sale GET "/triage?court=tpi-fes"
check "the filter is ignored (its own queue)" [ "$(page_ids)" = "$S_SALE " ]
expect_status "by_hand means nothing to a court" 200 sale GET "/triage?by_hand=1"
check "its own queue still" [ "$(page_ids)" = "$S_SALE " ]
expect_status "Marrakech's prosecutor opens /triage" 200 marr GET /triage
check "sees the Marrakech subject only" [ "$(page_ids)" = "$S_MARR " ]
expect_status "Marrakech may not open the Salé subject: 404" 404 marr GET "/subjects/$S_SALE"
cp "$PAGE" "$TEST_DIR/other.html"
expect_status "nor one that does not exist: 404" 404 marr GET /subjects/999999
# (but for the address itself, in the language switch's "back" field)
check "the two 404 pages are the same bytes, but for the address" \
	[ "$(sed "s|/subjects/$S_SALE|/subjects/N|g" "$TEST_DIR/other.html")" = "$(sed 's|/subjects/999999|/subjects/N|g' "$PAGE")" ]
expect_status "nor a subject to route by hand: 404" 404 marr GET "/subjects/$S_PAST"
expect_status "Salé opens its subject" 200 sale GET "/subjects/$S_SALE"
check "its referral is listed, linked through the subject" \
	grep -qF "<tr id=\"referral-$S_SALE\"><td><a href=\"/referrals/$S_SALE?subject=$S_SALE\">$S_SALE</a></td>" "$PAGE"

# --- a Court of Appeal: the First Instance Courts of its district ---
district=$(awk -F'\t' '$2 == "first" && $3 == "ca-rabat" { printf "%s\"%s\"", n++ ? "," : "", $1 }' "$data/courts.tsv")
expect_status "Rabat's Court of Appeal opens /triage" 200 ca GET /triage
want=$("$HIMAYA" --db "$DB" triage --json | jq -r "[.subjects[] | select(.court as \$c | [$district] | index(\$c)) | .id] | .[]" | tr '\n' ' ')
check "its queue is the CLI's, restricted to its district's courts ($want)" [ "$(page_ids)" = "$want" ]
ids=" $(page_ids)"
check "the escalated Rabat subject and the Salé subject are in it" \
	sh -c "echo '$ids' | grep -qF ' $S_ESC ' && echo '$ids' | grep -qF ' $S_SALE '"
check "it may filter on its own courts" grep -qF '<option value="tpi-sale">' "$PAGE"
check "but is offered no other district's court" sh -c "! grep -qF '<option value=\"tpi-fes\">' '$PAGE'"
expect_status "filtered on Salé" 200 ca GET "/triage?court=tpi-sale"
check "only the Salé subject" [ "$(page_ids)" = "$S_SALE " ]
expect_status "the Fès subject is not the district's: 404" 404 ca GET "/subjects/$S_FES"

# --- police units: the courts of their cases ---
expect_status "the Salé unit opens /triage" 200 police GET /triage
unit=$(cli_ids --body dgsn --unit "$POLICE_UNIT")
check "its queue is the CLI's --body dgsn --unit ($unit)" [ "$(page_ids)" = "$unit" ]
check "it holds the Salé subject (the unit's cases are at Salé)" sh -c "echo ' $unit' | grep -qF ' $S_SALE '"
check "and not the Marrakech one" sh -c "! echo ' $unit' | grep -qF ' $S_MARR '"
expect_status "the unit may not open the Marrakech subject: 404" 404 police GET "/subjects/$S_MARR"
expect_status "a unit without a case opens /triage" 200 police2 GET /triage
check "its queue is empty, and it is told why" \
	grep -qF '<p class="notice" id="unit-empty">لا قضية لهذه الوحدة بعد، فلا محكمة لها' "$PAGE"
check "no row" [ -z "$(page_ids)" ]
check "the CLI agrees: no court, no subject" \
	[ "$("$HIMAYA" --db "$DB" triage --body dgsn --unit 'وحدة بلا قضايا' --json | jq -c '[.count, .unit.courts]')" = '[0,[]]' ]
expect_status "and it can open no subject: 404" 404 police2 GET "/subjects/$S_ESC"

# --- who may not ---
expect_status "the administrator has no queue: 403" 403 admin GET /triage
expect_status "nor a subject page: 403" 403 admin GET "/subjects/$S_ESC"
http_status admin GET /admin >/dev/null
check "the administrator's navigation has no link to it" sh -c "! grep -qF 'href=\"/triage\"' '$PAGE'"
expect_status "not signed in: to the login page" 303 - GET /triage
expect_status "not signed in, a subject: to the login page" 303 - GET "/subjects/$S_ESC"
expect_status "a subject id that is not a number: 404" 404 pres GET /subjects/abc

# --- the subject page: what `subject show` gives ---
expect_status "the Presidency opens the escalated subject" 200 pres GET "/subjects/$S_ESC"
cp "$PAGE" "$TEST_DIR/subject.html"
show=$("$HIMAYA" --db "$DB" subject show "$S_ESC" --json)
check "its referrals are the CLI's members" \
	[ "$(sed -n 's/.*<tr id="referral-\([0-9]*\)".*/\1/p' "$TEST_DIR/subject.html" | tr '\n' ' ')" = "$(echo "$show" | jq -r '.members[].id' | tr '\n' ' ')" ]
check "each opens its referral page" \
	grep -qF "<tr id=\"referral-$S_ESC\"><td><a href=\"/referrals/$S_ESC?subject=$S_ESC\">" "$TEST_DIR/subject.html"
check "with their NCMEC report ids" sh -c "grep -qF '>100001<' '$TEST_DIR/subject.html' && grep -qF '>100002<' '$TEST_DIR/subject.html'"
check "the escalation is said, with NCMEC's words" grep -qF 'The user threatens to meet the child' "$TEST_DIR/subject.html"
check "why they are linked: the e-mail, said in Arabic" \
	grep -qF '<td class="link-kind">بريد إلكتروني</td><td><bdi class="mono">ali@example.invalid</bdi>' "$TEST_DIR/subject.html"
check "and the address with both times" \
	grep -qF '<td class="link-kind">نفس عنوان IP في نفس الفترة</td><td><bdi class="mono">105.66.1.10</bdi></td><td></td><td><bdi class="mono">2024-01-10T10:00:00Z ~ 2024-01-10T10:30:00Z' "$TEST_DIR/subject.html"
check "each linked referral leads to its row of the list" \
	grep -qF "<tr><td><a href=\"#referral-$S_ESC\">$S_ESC</a> – <a href=\"#referral-" "$TEST_DIR/subject.html"
check "as many link rows as the CLI's links" \
	[ "$(grep -c '<td class="link-kind">' "$TEST_DIR/subject.html")" = "$(echo "$show" | jq '.links | length')" ]
check "its court, why, and its near deadline" \
	sh -c "grep -qF 'المحكمة الابتدائية بالرباط</span> <span class=\"why\">' '$TEST_DIR/subject.html' && grep -qF 'deadline-near' '$TEST_DIR/subject.html'"
expect_status "the Casablanca subject" 200 pres GET "/subjects/$S_CASA"
check "shows the same content with the Fès subject, as a link to it" grep -qF "<a href=\"/subjects/$S_FES\">$S_FES</a>" "$PAGE"
check "said to be no link" grep -qF 'نفس المحتوى (ليس ربطا)' "$PAGE"

# --- the reads are audited ---
"$HIMAYA" --db "$DB" audit list --json >"$TEST_DIR/audit.json"
check "the Presidency's queue read is in the audit log" \
	[ "$(jq '[.entries[] | select(.actor == "pres" and .action == "triage_read" and .object == "triage:national")] | length' "$TEST_DIR/audit.json")" -ge 1 ]
check "with the by-hand filter said" \
	[ "$(jq '[.entries[] | select(.actor == "pres" and .action == "triage_read" and (.detail | test("by_hand")))] | length' "$TEST_DIR/audit.json")" -ge 1 ]
check "Salé's, under its court's scope" \
	[ "$(jq '[.entries[] | select(.actor == "sale" and .action == "triage_read" and .object == "triage:court:tpi-sale")] | length' "$TEST_DIR/audit.json")" -ge 1 ]
check "the subject page read" \
	[ "$(jq --arg o "subject:$S_ESC" '[.entries[] | select(.actor == "pres" and .action == "subject_read" and .object == $o)] | length' "$TEST_DIR/audit.json")" -ge 1 ]
check "a refused subject (404) is not logged as read" \
	[ "$(jq --arg o "subject:$S_SALE" '[.entries[] | select(.actor == "marr" and .object == $o)] | length' "$TEST_DIR/audit.json")" = 0 ]
check "the audit chain verifies" sh -c "'$HIMAYA' --db '$DB' audit verify >/dev/null"

# --- French, on request ---
code=$(http_post sale /lang --data-urlencode lang=fr --data-urlencode back=/triage)
check "Salé switches to French (303, got $code)" [ "$code" = 303 ]
expect_status "its queue in French" 200 sale GET /triage
check "left to right, French" grep -qF '<html lang="fr" dir="ltr">' "$PAGE"
check "titled File de tri" grep -qF '<h1>File de tri</h1>' "$PAGE"
check "near said in French" grep -qF '<strong>proche</strong>' "$PAGE"
check "the court's reason in French" grep -qF "d&#39;après le lieu des signalements" "$PAGE"

# --- a court reads the referrals of a subject of its queue ---
R_SALE=$(sql "$DB" "SELECT id FROM referrals WHERE external_id = '200001'")
R_MARR=$(sql "$DB" "SELECT id FROM referrals WHERE external_id = '200002'")
expect_status "Salé's subject page" 200 sale GET "/subjects/$S_SALE"
check "links its referral through the subject" grep -qF "href=\"/referrals/$R_SALE?subject=$S_SALE\"" "$PAGE"
expect_status "which opens" 200 sale GET "/referrals/$R_SALE?subject=$S_SALE"
check "with its identifiers" grep -qF 'id="identifiers"' "$PAGE"
check "audited" [ "$(sql "$DB" "SELECT count(*) FROM audit WHERE actor = 'sale' AND action = 'referral_read' AND object = 'referral:$R_SALE'")" = 1 ]
expect_status "not without the subject (no case of Salé has it)" 404 sale GET "/referrals/$R_SALE"
expect_status "not through another court's subject" 404 sale GET "/referrals/$R_MARR?subject=$S_MARR"
expect_status "not through a subject it is not one of" 404 sale GET "/referrals/$R_MARR?subject=$S_SALE"
expect_status "nor for Marrakech through Salé's subject" 404 marr GET "/referrals/$R_SALE?subject=$S_SALE"

# --- the queue is cached until data change: an import and a link run show ---
expect_status "the Presidency's by-hand queue" 200 pres GET "/triage?by_hand=1"
before=$(page_ids)
expect_status "the same again (from the cache)" 200 pres GET "/triage?by_hand=1"
check "the same page" [ "$(page_ids)" = "$before" ]
check "referrals are imported and linked while the server runs" \
	sh -c "'$HIMAYA' --db '$DB' import ncmec '$fx/geoip/referrals.xml' >/dev/null 2>&1 && '$HIMAYA' --db '$DB' link >/dev/null 2>&1"
expect_status "the by-hand queue after them" 200 pres GET "/triage?by_hand=1"
check "holds the new subjects: no stale page ($(page_ids))" \
	sh -c "[ '$(page_ids)' != '$before' ] && [ '$(page_ids)' = '$(cli_ids --by-hand)' ]"
check "each view is audited, cached or not" \
	[ "$(sql "$DB" "SELECT count(*) FROM audit WHERE actor = 'pres' AND action = 'triage_read' AND detail LIKE '%by_hand'")" -ge 3 ]

# --- a subject led to a case leaves the queues ---
check "a case takes the Salé referral" sh -c "'$HIMAYA' --db '$DB' case link-referral '$CASE_SALE' ncmec:200001 >/dev/null 2>&1"
expect_status "Salé's queue" 200 sale GET /triage
check "is empty now" [ -z "$(page_ids)" ]
check "and says so" grep -qF 'Rien à traiter.' "$PAGE"
expect_status "and its subject page is gone for the court (404)" 404 sale GET "/subjects/$S_SALE"
expect_status "the Presidency still opens it" 200 pres GET "/subjects/$S_SALE"
check "saying it led to a case, with a link to the case" \
	sh -c "grep -qF 'أدت إلى قضية' '$PAGE' && grep -qF '<a href=\"/cases/$CASE_SALE\">' '$PAGE'"

http_teardown

# --- IP geolocation: the server's --geoip (here HIMAYA_GEOIP), read at start ---
mmdb="$TEST_DIR/geo.mmdb"
check "a test MaxMind DB is written" perl "$fx/geoip/make-mmdb.pl" "$mmdb"
check "referrals that name no place are imported and linked" \
	sh -c "'$HIMAYA' --db '$DB' import ncmec '$fx/geoip/referrals.xml' >/dev/null 2>&1 && '$HIMAYA' --db '$DB' link >/dev/null 2>&1"
S_GEO=$(sid 300001)
export HIMAYA_GEOIP="$mmdb"
http_start
unset HIMAYA_GEOIP
expect_status "the Presidency's Fès queue, with the database" 200 pres GET "/triage?court=tpi-fes"
check "is the CLI's with the same database" [ "$(page_ids)" = "$(cli_ids --court tpi-fes --geoip "$mmdb")" ]
check "and holds the subject routed by its address ($S_GEO)" sh -c "echo ' $(page_ids)' | grep -qF ' $S_GEO '"
check "said to come from geolocation, not from a place" \
	grep -qE "<tr id=\"subject-$S_GEO\".*المحكمة الابتدائية بفاس</span> <span class=\"why\">\(حسب الموقع الجغرافي لعناوين IP" "$PAGE"
expect_status "its subject page" 200 pres GET "/subjects/$S_GEO"
check "says the same" grep -qF 'حسب الموقع الجغرافي لعناوين IP' "$PAGE"
http_teardown

# --- the routing tables are read once, at start: a missing or bad file stops it ---
mkdir "$TEST_DIR/nodata"
cp "$data"/*.tsv "$TEST_DIR/nodata/"
rm "$TEST_DIR/nodata/locations.tsv"
expect_err "a missing locations.tsv stops the server at start, named" 2 'nodata/locations.tsv' \
	"$HIMAYA" --db "$DB" --data-dir "$TEST_DIR/nodata" serve --listen "127.0.0.1:$(free_port)" --quiet
cp "$data/locations.tsv" "$TEST_DIR/nodata/"
printf 'Somewhere\tca-rabat\n' >>"$TEST_DIR/nodata/locations.tsv"
expect_err "a bad line: the file and the line, why" 1 'locations.tsv:[0-9]+: .*not a First Instance Court' \
	"$HIMAYA" --db "$DB" --data-dir "$TEST_DIR/nodata" serve --listen "127.0.0.1:$(free_port)" --quiet
expect_err "a missing MaxMind DB is named" 2 "no-such\\.mmdb" \
	"$HIMAYA" --db "$DB" serve --geoip "$TEST_DIR/no-such.mmdb" --listen "127.0.0.1:$(free_port)" --quiet

done_testing
