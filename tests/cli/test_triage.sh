# End-to-end: `himaya triage` and the routing of subjects on the known
# referrals (tests/fixtures/link/known.xml): the escalated subject first,
# then priority, then the log-retention deadline (near, open, none, past),
# the court proposed from NCMEC's places in Arabic or French, the
# route-by-hand queue (no place, a region of several courts, two courts),
# per-ISP retention from data/retention.tsv, a subject led to a case
# leaving the queue, and refusals of bad options and bad data files.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2024-12-20
fx="$(cd "$(dirname "$0")/../fixtures" && pwd)"
data="$(cd "$(dirname "$0")/../../data" && pwd)"
db=$(new_db)
himaya --db "$db" import ncmec "$fx/link/known.xml" >/dev/null 2>&1
himaya --db "$db" link >/dev/null 2>&1
sid() { himaya --db "$db" referral show "ncmec:$1" --json | jq .id; } # a subject's smallest referral

expect "triage" 0 himaya --db "$db" triage --json
cp "$OUT" "$TEST_DIR/all.json"
check "every subject without a case is in the queue" [ "$(jq .count "$TEST_DIR/all.json")" = 12 ]
check "the escalated subject comes first, routed to Rabat (Rabat and الرباط)" \
	[ "$(jq -c '.subjects[0] | [.id, .escalated, .court, .route]' "$TEST_DIR/all.json")" = "[$(sid 100001),true,\"tpi-rabat\",\"proposed\"]" ]
check "its logs expire within 30 days: near, with the deadline" \
	[ "$(jq -c '.subjects[0] | [.retention, .retention_deadline]' "$TEST_DIR/all.json")" = '["near","2025-01-10T10:00:00Z"]' ]
check "then priority 2 with an open deadline before priority 2 without a sighting" \
	[ "$(jq -c '[.subjects[] | select(.priority == "2") | .retention]' "$TEST_DIR/all.json")" = '["open","open","none","none"]' ]
check "the informational subject past retention comes last" \
	[ "$(jq -c '.subjects[-1] | [.id, .retention]' "$TEST_DIR/all.json")" = "[$(sid 100016),\"past\"]" ]
check "Casablanca goes to its criminal court" \
	[ "$(jq -r --argjson s "$(sid 100013)" '.subjects[] | select(.id == $s) | .court' "$TEST_DIR/all.json")" = tpi-casablanca-penal ]
check "two courts: route by hand, both named" \
	[ "$(jq -c --argjson s "$(sid 100010)" '.subjects[] | select(.id == $s) | [.route, .courts]' "$TEST_DIR/all.json")" = '["several_courts",["tpi-tanger","tpi-fes"]]' ]
check "a region alone is not a place of one court" \
	[ "$(jq -r --argjson s "$(sid 100005)" '.subjects[] | select(.id == $s) | .route' "$TEST_DIR/all.json")" = unknown_place ]

expect "the Fès queue" 0 himaya --db "$db" triage --court tpi-fes --json
check "only the subject placed in فاس" [ "$(jq -c '[.subjects[] | .id]' "$OUT")" = "[$(sid 100014)]" ]
expect "the route-by-hand queue" 0 himaya --db "$db" triage --by-hand --json
cp "$OUT" "$TEST_DIR/hand.json"
check "no proposed court in it" [ "$(jq '[.subjects[] | select(.route == "proposed")] | length' "$TEST_DIR/hand.json")" = 0 ]
check "and every other subject (12 - 3 routed)" [ "$(jq .count "$TEST_DIR/hand.json")" = 9 ]
expect_out "text in Arabic" 'توجيه يدوي' himaya --db "$db" --lang ar triage
expect_out "near deadlines said in French" 'logs expirent 2025-01-10' himaya --db "$db" --lang fr triage

# --- retention per ISP ---
mkdir "$TEST_DIR/data"
cp "$data"/*.tsv "$TEST_DIR/data/"
printf 'Maroc Telecom\t1\n' >"$TEST_DIR/data/retention.tsv"
expect "a one-month retention for Maroc Telecom" 0 himaya --db "$db" --data-dir "$TEST_DIR/data" triage --court tpi-rabat --json
check "its sighting is past; the other sighting (no ISP) keeps 12 months" \
	[ "$(jq -c '.subjects[0] | [.retention, .retention_deadline]' "$OUT")" = '["near","2025-01-10T10:30:00Z"]' ]
printf 'Maroc Telecom\ttwelve\n' >"$TEST_DIR/data/retention.tsv"
expect_err "a bad retention file names its line" 1 'retention.tsv:1: .*months' \
	himaya --db "$db" --data-dir "$TEST_DIR/data" triage
cp "$data/retention.tsv" "$TEST_DIR/data/"
printf 'Somewhere\tca-rabat\n' >>"$TEST_DIR/data/locations.tsv"
expect_err "a place routed to a Court of Appeal is refused" 1 'locations.tsv:[0-9]+: .*not a First Instance Court' \
	himaya --db "$db" --data-dir "$TEST_DIR/data" triage

# --- a subject led to a case leaves the queue ---
himaya --db "$db" case open --court tpi-casablanca-penal --number 2024/1/1 --date 2024-06-01 --body dgsn \
	--unit "BRPJ" --subject csam_distribution --platform ncmec --suspects 1 >/dev/null 2>&1
expect "link 100013 to the case" 0 himaya --db "$db" case link-referral 1 ncmec:100013
expect "triage again" 0 himaya --db "$db" triage --json
check "one subject fewer" [ "$(jq .count "$OUT")" = 11 ]
expect "subject list still has it, with its case" 0 himaya --db "$db" subject list --json
check "with_case 1" [ "$(jq --argjson s "$(sid 100013)" '.subjects[] | select(.id == $s) | .with_case' "$OUT")" = 1 ]

expect_err "an unknown court" 2 'not a court' himaya --db "$db" triage --court tpi-atlantis
expect_err "--court and --by-hand together" 2 'not both' himaya --db "$db" triage --court tpi-fes --by-hand

done_testing
