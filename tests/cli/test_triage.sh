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
# A subject shown alone (the store reads that subject only) is its row of
# the whole queue: route, court, deadline, priority, counts.
check "each subject alone is its row of the queue" \
	[ "$(for s in $(jq '.subjects[].id' "$TEST_DIR/all.json"); do
		himaya --db "$db" subject show "$s" --json | jq -c 'del(.members, .links, .same_content)'; done)" = \
	  "$(jq -c '.subjects[]' "$TEST_DIR/all.json")" ]
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

# --- a police unit's queue: the subjects proposed for the courts of its cases ---
expect "the queue of unit BRPJ (one case, at Casablanca)" 0 himaya --db "$db" triage --body dgsn --unit BRPJ --json
cp "$OUT" "$TEST_DIR/unit.json"
check "its courts are its cases' courts" [ "$(jq -c .unit.courts "$TEST_DIR/unit.json")" = '["tpi-casablanca-penal"]' ]
check "only subjects proposed there (the one with the case has left)" \
	[ "$(jq -c '[.subjects[] | .court] | unique' "$TEST_DIR/unit.json")" = '[]' ]
himaya --db "$db" case open --court tpi-rabat --number 2024/1/2 --date 2024-06-02 --body dgsn \
	--unit "BRPJ" --subject csam_distribution --platform ncmec --suspects 1 >/dev/null 2>&1
himaya --db "$db" case open --court tpi-fes --number 2024/1/3 --date 2024-06-02 --body gr \
	--unit "BRPJ" --subject csam_distribution --platform ncmec --suspects 1 >/dev/null 2>&1
expect "a second case of the unit, at Rabat" 0 himaya --db "$db" triage --body dgsn --unit BRPJ --json
cp "$OUT" "$TEST_DIR/unit.json"
check "Rabat joins its courts (the gendarmerie's BRPJ at Fès does not)" \
	[ "$(jq -c '.unit.courts | sort' "$TEST_DIR/unit.json")" = '["tpi-casablanca-penal","tpi-rabat"]' ]
check "and the escalated Rabat subject heads its queue" \
	[ "$(jq -c '.subjects[0] | [.id, .court]' "$TEST_DIR/unit.json")" = "[$(sid 100001),\"tpi-rabat\"]" ]
expect "the gendarmerie's BRPJ (its alias gendarmerie)" 0 himaya --db "$db" triage --body gendarmerie --unit BRPJ --json
cp "$OUT" "$TEST_DIR/unit.json"
check "sees the Fès subject only" [ "$(jq -c '[.subjects[] | .id]' "$TEST_DIR/unit.json")" = "[$(sid 100014)]" ]
expect "a unit without a case" 0 himaya --db "$db" triage --body dgsn --unit "Nowhere" --json
cp "$OUT" "$TEST_DIR/unit.json"
check "has no court and an empty queue" [ "$(jq -c '[.count, .unit.courts]' "$TEST_DIR/unit.json")" = '[0,[]]' ]
expect_out "and says why" 'aucun dossier' himaya --db "$db" --lang fr triage --body dgsn --unit "Nowhere"
expect_err "--unit without --body" 2 'needs --body' himaya --db "$db" triage --unit BRPJ
expect_err "a unit and a court together" 2 'without --court' himaya --db "$db" triage --body dgsn --unit BRPJ --court tpi-fes
expect_err "an unknown body" 2 'not an investigating body' himaya --db "$db" triage --body army --unit BRPJ

expect_err "an unknown court" 2 'not a court' himaya --db "$db" triage --court tpi-atlantis
expect_err "--court and --by-hand together" 2 'not both' himaya --db "$db" triage --court tpi-fes --by-hand

done_testing
