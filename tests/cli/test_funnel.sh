# End-to-end: `himaya stats --funnel` on the known referrals
# (tests/fixtures/link/known.xml) after cases are opened from three
# subjects: one convicted, one filed for a stated reason, one still
# waiting for a decision; the shares lost at each step and why.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2024-12-20
fx="$(cd "$(dirname "$0")/../fixtures" && pwd)"
db=$(new_db)
himaya --db "$db" import ncmec "$fx/link/known.xml" >/dev/null 2>&1

expect_out "before link: nothing to count" 'no subject' himaya --db "$db" --lang en stats --funnel
himaya --db "$db" link >/dev/null 2>&1

open_case() { # COURT NUMBER
	himaya --db "$db" case open --court "$1" --number "$2" --date 2024-06-01 --body dgsn --unit BRPJ \
		--subject csam_distribution --platform ncmec --suspects 1 --json | jq .id
}
c1=$(open_case tpi-rabat 2024/1/1)
c2=$(open_case tpi-casablanca-penal 2024/1/2)
c3=$(open_case tpi-fes 2024/1/3)
himaya --db "$db" case link-referral "$c1" ncmec:100002 >/dev/null 2>&1
himaya --db "$db" case link-referral "$c2" ncmec:100013 >/dev/null 2>&1
himaya --db "$db" case link-referral "$c3" ncmec:100014 >/dev/null 2>&1
himaya --db "$db" case event "$c1" decision --date 2024-07-01 --decision detained --charges csam_distribution --accused 1 >/dev/null 2>&1
himaya --db "$db" case event "$c1" judgment --date 2024-09-01 --outcome conviction --prison-months 12 \
	--suspended-months 0 --fine 0 >/dev/null 2>&1
himaya --db "$db" case event "$c2" decision --date 2024-07-01 --decision filed --reason not_located >/dev/null 2>&1
check "three cases opened" [ "$c3" = 3 ]

expect "the national funnel" 0 himaya --db "$db" stats --funnel --total --json
cp "$OUT" "$TEST_DIR/total.json"
check "referrals 16 -> subjects 12 -> cases 3 -> prosecuted 1 -> convicted 1" \
	[ "$(jq -c '.funnel[0] | [.referrals, .subjects, .cases, .prosecuted, .convicted]' "$TEST_DIR/total.json")" = '[16,12,3,1,1]' ]
check "three quarters of the subjects have no case" [ "$(jq '.funnel[0].lost_no_case' "$TEST_DIR/total.json")" = 0.75 ]
check "why no case: expired logs, ports, routing, waiting" \
	[ "$(jq -c '.funnel[0].no_case_why | [.logs_expired, .cgnat_no_port, .route_by_hand, .waiting // 0]' "$TEST_DIR/total.json")" = '[1,4,4,0]' ]
check "why not prosecuted: the filing reason, and one still pending" \
	[ "$(jq -S -c '.funnel[0].not_prosecuted_why' "$TEST_DIR/total.json")" = '{"not_located":1,"pending":1}' ]
check "two thirds of the cases not prosecuted" \
	[ "$(jq '.funnel[0].lost_not_prosecuted * 1000 | round' "$TEST_DIR/total.json")" = 667 ]

expect "per court, year and platform" 0 himaya --db "$db" stats --funnel --json
cp "$OUT" "$TEST_DIR/groups.json"
check "Rabat 2024 NCMEC: the convicted subject of three referrals" \
	[ "$(jq -c '.funnel[] | select(.court == "tpi-rabat") | [.year, .platform, .referrals, .subjects, .convicted]' "$TEST_DIR/groups.json")" = '[2024,"ncmec",3,1,1]' ]
check "the unrouted subjects are counted apart" \
	[ "$(jq '[.funnel[] | select(.court == null) | .subjects] | add' "$TEST_DIR/groups.json")" = 9 ]
expect "one court" 0 himaya --db "$db" stats --funnel --court tpi-fes --json
check "Fès: one case waiting for its decision" \
	[ "$(jq -c '.funnel | [length, .[0].cases, .[0].not_prosecuted_why.pending]' "$OUT")" = '[1,1,1]' ]
expect "another year" 0 himaya --db "$db" stats --funnel --year 2023 --total --json
check "2023: the one subject past retention" \
	[ "$(jq -c '.funnel[0] | [.subjects, .no_case_why.logs_expired]' "$OUT")" = '[1,1]' ]
expect_out "text in Arabic" 'الإحالات 16' himaya --db "$db" --lang ar stats --funnel --total
expect_err "a bad year" 2 'year' himaya --db "$db" stats --funnel --year 12
done_testing
