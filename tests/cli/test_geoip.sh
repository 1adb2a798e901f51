# End-to-end: routing by IP geolocation (--geoip FILE, HIMAYA_GEOIP) with
# a small MaxMind DB written by tests/fixtures/geoip/make-mmdb.pl, on the
# referrals of tests/fixtures/geoip/referrals.xml: a subject with no place
# routed to tpi-fes by its address and said to be so ("geoip"); a subject
# whose referral names Rabat keeps it; an address abroad and a region of
# several courts stay to be routed by hand; a province alone and an IPv6
# address route; without the database nothing is geolocated; a missing or
# corrupt file is refused with its name.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2024-07-01
fx="$(cd "$(dirname "$0")/../fixtures" && pwd)"
mmdb="$TEST_DIR/geo.mmdb"
check "the test database is written" perl "$fx/geoip/make-mmdb.pl" "$mmdb"
db=$(new_db)
himaya --db "$db" import ncmec "$fx/geoip/referrals.xml" >/dev/null 2>&1
himaya --db "$db" link >/dev/null 2>&1
sid() { himaya --db "$db" referral show "ncmec:$1" --json | jq .id; }
route_of() { jq -c --argjson s "$(sid "$2")" '.subjects[] | select(.id == $s) | [.route, .court, .court_reason]' "$1"; }

expect "triage without a database" 0 himaya --db "$db" triage --json
cp "$OUT" "$TEST_DIR/plain.json"
check "without it, no place means by hand" [ "$(route_of "$TEST_DIR/plain.json" 300001)" = '["no_location",null,"by_hand"]' ]
check "and the referral's own place is used" [ "$(route_of "$TEST_DIR/plain.json" 300002)" = '["proposed","tpi-rabat","place"]' ]

expect "triage --geoip" 0 himaya --db "$db" triage --geoip "$mmdb" --json
cp "$OUT" "$TEST_DIR/geo.json"
check "no place, address in Fès: tpi-fes, from geoip" [ "$(route_of "$TEST_DIR/geo.json" 300001)" = '["proposed","tpi-fes","geoip"]' ]
check "the referral names Rabat, its address is in Fès: Rabat, from the place" \
	[ "$(route_of "$TEST_DIR/geo.json" 300002)" = '["proposed","tpi-rabat","place"]' ]
check "an address abroad stays by hand" [ "$(route_of "$TEST_DIR/geo.json" 300003)" = '["no_location",null,"by_hand"]' ]
check "a province without a city routes (Taza)" [ "$(route_of "$TEST_DIR/geo.json" 300004)" = '["proposed","tpi-taza","geoip"]' ]
check "a region of several courts is an unknown place, by hand" \
	[ "$(route_of "$TEST_DIR/geo.json" 300005)" = '["unknown_place",null,"by_hand"]' ]
check "an IPv6 address routes (Rabat)" [ "$(route_of "$TEST_DIR/geo.json" 300006)" = '["proposed","tpi-rabat","geoip"]' ]

check "each subject alone (its own sightings read) is its row of the queue" \
	[ "$(for s in $(jq '.subjects[].id' "$TEST_DIR/geo.json"); do
		himaya --db "$db" subject show "$s" --geoip "$mmdb" --json | jq -c 'del(.members, .links, .same_content)'; done)" = \
	  "$(jq -c '.subjects[]' "$TEST_DIR/geo.json")" ]
check "and not vacuous: some routed from geoip" [ "$(jq '[.subjects[] | select(.court_reason == "geoip")] | length' "$TEST_DIR/geo.json")" -ge 3 ]

expect "the Fès queue through HIMAYA_GEOIP" 0 env HIMAYA_GEOIP="$mmdb" "$HIMAYA" --db "$db" triage --court tpi-fes --json
check "holds the geolocated subject" [ "$(jq -c '[.subjects[] | .id]' "$OUT")" = "[$(sid 300001)]" ]
expect "--by-hand with the database" 0 himaya --db "$db" triage --geoip "$mmdb" --by-hand --json
check "only the abroad and the region" [ "$(jq -c '[.subjects[] | .id] | sort' "$OUT")" = "[$(sid 300003),$(sid 300005)]" ]
expect_out "the text says geoip" 'tpi-fes +\(geoip\)' himaya --db "$db" triage --geoip "$mmdb" --court tpi-fes
expect "subject show --geoip" 0 himaya --db "$db" subject show "$(sid 300001)" --geoip "$mmdb" --json
check "shows the court and why" [ "$(jq -c '[.court, .court_reason]' "$OUT")" = '["tpi-fes","geoip"]' ]
expect "stats --funnel --geoip" 0 himaya --db "$db" stats --funnel --geoip "$mmdb" --json
check "the funnel counts the subject at tpi-fes" \
	[ "$(jq '[.funnel[] | select(.court == "tpi-fes") | .subjects] | add' "$OUT")" = 1 ]

expect_err "a missing database is named" 2 'nowhere\.mmdb' himaya --db "$db" triage --geoip "$TEST_DIR/nowhere.mmdb"
printf 'not a database\n' >"$TEST_DIR/bad.mmdb"
expect_err "a corrupt database is named" 2 'bad\.mmdb: not a usable MaxMind DB' \
	himaya --db "$db" triage --geoip "$TEST_DIR/bad.mmdb"
expect_err "HIMAYA_GEOIP naming a missing file too" 2 'nowhere\.mmdb' \
	env HIMAYA_GEOIP="$TEST_DIR/nowhere.mmdb" "$HIMAYA" --db "$db" subject list

done_testing
