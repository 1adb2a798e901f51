#!/bin/sh
# The referral pages: the list (who may open it, the filters, an
# identifier as a person types it, a bad filter said beside its field,
# paging by id, the search audited), one referral's page (what it shows,
# who may open it), and the referrals of a case on the case page (link by
# PLATFORM:REPORT, refusals, unlink), in Arabic and French.
. "$(dirname "$0")/lib.sh"

fx="$(cd "$(dirname "$0")/../fixtures" && pwd)"
http_setup
"$HIMAYA" --db "$DB" import ncmec "$fx/import/reports.xml" >/dev/null 2>&1
"$HIMAYA" --db "$DB" import cps "$fx/cps/detections.csv" >/dev/null 2>&1
check "fixtures imported" [ "$(sql "$DB" 'SELECT count(*) FROM referrals')" = 6 ]
for u in admin pres sale marr police; do
	check "login $u" http_login $u
done
id_of() { sql "$DB" "SELECT id FROM referrals WHERE external_id = '$1'"; }
R1=$(id_of 120334455)
RL=$(id_of L-100)
rows() { grep -o '<tr><td><a href="/referrals/[0-9]*">' "$PAGE" | sed 's/[^0-9]//g' | tr '\n' ' '; }

# --- who may list ---
expect_status "the Presidency lists referrals" 200 pres GET /referrals
check "six rows, the last imported first" [ "$(rows)" = "$(sql "$DB" 'SELECT id FROM referrals ORDER BY id DESC' | tr '\n' ' ')" ]
check "Arabic, right to left" grep -qF '<html lang="ar" dir="rtl">' "$PAGE"
check "the navigation has the referrals" grep -qF 'href="/referrals" class="current"' "$PAGE"
expect_status "a police unit lists referrals" 200 police GET /referrals
expect_status "a court does not (it sees them through its cases)" 403 sale GET /referrals
expect_status "nor the administrator" 403 admin GET /referrals
expect_status "nor anyone signed out" 303 - GET /referrals
http_status sale GET / >/dev/null
check "a court's navigation has no referral list" sh -c "! grep -qF 'href=\"/referrals\"' '$PAGE'"

# --- filters ---
http_status pres GET '/referrals?platform=cps' >/dev/null
check "platform: the three CPS leads" [ "$(rows | wc -w)" = 3 ]
http_status pres GET '/referrals?ident=06+12+34+56+78' >/dev/null
check "a phone number as typed finds its referral" [ "$(rows)" = "$R1 " ]
http_status pres GET '/referrals?ident=+User%40EXAMPLE.invalid+' >/dev/null
check "an e-mail as typed too" [ "$(rows)" = "$R1 " ]
http_status pres GET '/referrals?ip=105.66.1.2' >/dev/null
check "one address" [ "$(rows | wc -w)" = 2 ]
http_status pres GET '/referrals?from=01/04/2022&to=30/04/2022&platform=ncmec' >/dev/null
check "received between two dates (DD/MM/YYYY)" [ "$(rows | wc -w)" = 1 ]
http_status pres GET "/referrals?after=$RL" >/dev/null
check "after an id: the ones imported before it" [ "$(rows)" = "$(sql "$DB" "SELECT id FROM referrals WHERE id < $RL ORDER BY id DESC" | tr '\n' ' ')" ]
check "and not none" [ -n "$(rows)" ]
http_status pres GET '/referrals?ident=nobody-at-all' >/dev/null
check "no match is said" grep -qF 'لا توجد إحالة تطابق هذا البحث' "$PAGE"
expect_status "a bad address: 422" 422 pres GET '/referrals?ip=105.66.1.300'
check "said beside the field, which is marked" sh -c "grep -qF 'ليس عنوان IP' '$PAGE' && grep -qF 'aria-invalid=\"true\"' '$PAGE'"
check "and nothing listed as if unfiltered" [ -z "$(rows)" ]
check "the bad value is kept in the field, escaped" grep -qF 'value="105.66.1.300"' "$PAGE"
expect_status "a bad e-mail: 422" 422 pres GET '/referrals?ident=a%40'
expect_status "a bad date: 422" 422 pres GET '/referrals?from=31/02/2022'
expect_status "an unknown platform is ignored" 200 pres GET '/referrals?platform=%3Cb%3E'
check "six rows then" [ "$(rows | wc -w)" = 6 ]
code=$(http_post pres /lang --data-urlencode lang=fr)
check "the Presidency switches to French (303, got $code)" [ "$code" = 303 ]
expect_status "French" 200 pres GET '/referrals?platform=cps'
check "in French, left to right" sh -c "grep -qF '<html lang=\"fr\" dir=\"ltr\">' '$PAGE' && grep -qF 'Signalements' '$PAGE'"
check "the filter kept" grep -qF '<option value="cps" selected>' "$PAGE"
check "a CPS network is shown as given" grep -qF '<bdi>Gnutella</bdi>' "$PAGE"
expect_status "French, every platform" 200 pres GET /referrals
check "NCMEC's incident types in French" \
	grep -qF ">sollicitation d&#39;enfants en ligne à des fins sexuelles</span>" "$PAGE"
http_post pres /lang --data-urlencode lang=ar >/dev/null
check "the search by identifier is audited with its filter" \
	[ "$(sql "$DB" "SELECT count(*) FROM audit WHERE actor = 'pres' AND action = 'referral_list' AND detail LIKE '%ident=06%2012%'")" = 1 ]

# --- one referral ---
expect_status "the Presidency opens a referral" 200 pres GET "/referrals/$R1"
check "its report number" grep -qF '120334455' "$PAGE"
check "its identifiers, normalised" sh -c "grep -qF 'user@example.invalid' '$PAGE' && grep -qF '+212612345678' '$PAGE'"
check "its IP sightings" grep -qF '105.66.1.2' "$PAGE"
check "instants as people read them, one left-to-right run" \
	grep -qF '<bdi class="date" dir="ltr">2022-03-04 10:11:12 UTC</bdi>' "$PAGE"
check "NCMEC's incident type in Arabic, NCMEC's words in the title" \
	grep -qF '<span title="Child Pornography (possession, manufacture, and distribution)">مواد إباحية تتعلق بالأطفال (حيازة، إنتاج، توزيع)</span>' "$PAGE"
check "no case yet" grep -qF "id=\"referral-case\">لا شيء بعد" "$PAGE"
check "the read is audited" [ "$(sql "$DB" "SELECT count(*) FROM audit WHERE actor = 'pres' AND action = 'referral_read' AND object = 'referral:$R1'")" = 1 ]
expect_status "a police unit opens it" 200 police GET "/referrals/$R1"
expect_status "a court does not, while no case of its own has it" 404 sale GET "/referrals/$R1"
sed 's/name="back" value="[^"]*"//' "$PAGE" >"$TEST_DIR/hidden.html"
curl -s -b "$(jar sale)" "$BASE/referrals/999999" | sed 's/name="back" value="[^"]*"//' >"$TEST_DIR/missing.html"
check "the same page as a referral that does not exist" cmp -s "$TEST_DIR/hidden.html" "$TEST_DIR/missing.html"
expect_status "a missing referral is 404" 404 pres GET /referrals/999999

# --- the referrals of a case ---
http_status sale GET "/cases/$CASE_SALE" >/dev/null
check "the case page has its referrals section, empty" grep -qF 'لم تُربط أي إحالة بهذه القضية بعد' "$PAGE"
check "and the link form for its court" grep -qF "action=\"/cases/$CASE_SALE/referrals\"" "$PAGE"
code=$(http_post sale "/cases/$CASE_SALE/referrals" --data-urlencode 'referral= NCMEC:120334455 ')
check "the court links a referral by its report number (303, got $code)" [ "$code" = 303 ]
http_status sale GET "/cases/$CASE_SALE" >/dev/null
check "the case lists it, with a link to it" grep -qF "href=\"/referrals/$R1\"" "$PAGE"
check "the referral's platform joined the case" sh -c "'$HIMAYA' --db '$DB' case show $CASE_SALE --json | grep -q '\"ncmec\"'"
expect_status "now the court opens the referral" 200 sale GET "/referrals/$R1"
check "which names its case" grep -qF "href=\"/cases/$CASE_SALE\"" "$PAGE"
check "the link is audited" [ "$(sql "$DB" "SELECT count(*) FROM audit WHERE actor = 'sale' AND action = 'case_write' AND detail LIKE 'link_referral ncmec:120334455'")" = 1 ]
code=$(http_post sale "/cases/$CASE_SALE/referrals" --data-urlencode "referral=$R1")
check "linking it again changes nothing (303, got $code)" [ "$code" = 303 ]
check "and writes no second audit entry" [ "$(sql "$DB" "SELECT count(*) FROM audit WHERE detail LIKE 'link_referral ncmec:120334455'")" = 1 ]
code=$(http_post marr "/cases/$CASE_SALE/referrals" --data-urlencode "referral=$RL")
check "another court cannot link to this case (404, got $code)" [ "$code" = 404 ]
code=$(http_post pres "/cases/$CASE_SALE/referrals" --data-urlencode "referral=$RL")
check "the Presidency writes no case (403, got $code)" [ "$code" = 403 ]
code=$(http_post sale "/cases/$CASE_SALE/referrals" --data-urlencode 'referral=ncmec:999')
check "an unknown report number comes back to the case (303, got $code)" [ "$code" = 303 ]
code=$(http_post sale "/cases/$CASE_SALE/referrals" --data-urlencode 'referral=999999')
check "an unknown referral number too (303, got $code)" [ "$code" = 303 ]
http_status sale GET "/cases/$CASE_SALE?referral=unknown" >/dev/null
check "saying so" grep -qF 'لا توجد إحالة بهذا الرقم' "$PAGE"
other=$("$HIMAYA" --db "$DB" case list --court tpi-sale --json | python3 -c "import json,sys; print([c['id'] for c in json.load(sys.stdin)['cases'] if c['id'] != $CASE_SALE][0])")
code=$(http_post sale "/cases/$other/referrals" --data-urlencode "referral=$R1")
check "a referral already linked elsewhere is refused back on the case (303, got $code)" [ "$code" = 303 ]
check "and stays where it was" [ "$(sql "$DB" "SELECT case_id FROM referral_cases WHERE referral_id = $R1")" = "$CASE_SALE" ]
http_status sale GET "/cases/$other?referral=taken" >/dev/null
check "saying why" grep -qF 'هذه الإحالة مرتبطة بقضية أخرى' "$PAGE"
code=$(curl -s -o "$PAGE" -w '%{http_code}' -b "$(jar sale)" --data-urlencode 'csrf=wrong' "$BASE/cases/$CASE_SALE/referrals/$R1/unlink")
check "without the right CSRF token nothing happens (403, got $code)" [ "$code" = 403 ]
check "still linked" [ "$(sql "$DB" "SELECT case_id FROM referral_cases WHERE referral_id = $R1")" = "$CASE_SALE" ]
code=$(http_post sale "/cases/$CASE_SALE/referrals/$R1/unlink")
check "the court unlinks it (303, got $code)" [ "$code" = 303 ]
check "unlinked" [ -z "$(sql "$DB" "SELECT case_id FROM referral_cases WHERE referral_id = $R1")" ]
expect_status "the court no longer opens the referral" 404 sale GET "/referrals/$R1"
check "the audit chain verifies" sh -c "'$HIMAYA' --db '$DB' audit verify >/dev/null"

http_teardown
done_testing
