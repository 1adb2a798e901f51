# End-to-end: `himaya link`, `himaya subject list|show|merge|split` on
# hand-built referrals with known subjects (tests/fixtures/link/known.xml:
# the traps are a CGNAT address shared without a port, a proxy, one person
# behind two addresses, an account id in two services, strangers sharing a
# file, a shared victim phone), the window, people's decisions surviving a
# rebuild, and the property that linking after each import gives the same
# subjects as a rebuild, on seeded random data, with decisions in between.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2024-12-20
fx="$(cd "$(dirname "$0")/../fixtures" && pwd)"
db=$(new_db)

# The subject id of referral ncmec:REPORT (subjects are named by their
# smallest referral id; referral ids follow the file's order).
members() { himaya --db "$db" subject list --json --members | jq -c '[.subjects[] | .members]'; }
subject_of() {
	rid=$(himaya --db "$db" referral show "ncmec:$1" --json | jq .id)
	himaya --db "$db" subject list --json --members | jq --argjson r "$rid" '.subjects[] | select(.members | index($r)) | .id'
}
same() { [ "$(subject_of "$1")" = "$(subject_of "$2")" ]; }
apart() { ! same "$1" "$2"; }

expect_err "link before init-level data: subject show of nothing" 1 'no subject' himaya --db "$db" subject show 1
expect "import the known referrals" 0 himaya --db "$db" import ncmec "$fx/link/known.xml"
expect "link" 0 himaya --db "$db" link --json
cp "$OUT" "$TEST_DIR/first.json"
check "the first run rebuilds" [ "$(jq .rebuilt "$TEST_DIR/first.json")" = true ]
check "16 referrals, 12 subjects, 3 of several" \
	[ "$(jq -c '[.referrals, .subjects, .subjects_with_several]' "$TEST_DIR/first.json")" = '[16,12,3]' ]
check "links by kind: e-mail 1, account 1, IP 2" \
	[ "$(jq -c '[.links.email, .links.esp_account, .links.ip, .links.phone]' "$TEST_DIR/first.json")" = '[1,1,2,0]' ]
check "five referrals need a port (CGNAT 3, proxy 2)" [ "$(jq .needs_port "$TEST_DIR/first.json")" = 5 ]

check "the same e-mail in another case links" same 100001 100002
check "the same address 30 minutes later links" same 100001 100003
check "two hours later does not" apart 100001 100004
check "CGNAT with the same port links" same 100005 100007
check "CGNAT without a port does not" apart 100005 100006
check "a proxy address without a port does not link" apart 100008 100009
check "one account behind two addresses is one subject" same 100010 100011
check "the same account id in another service is someone else" apart 100010 100012
check "strangers sharing a file stay apart" apart 100013 100014
check "a shared victim phone links nobody" apart 100015 100016

expect "show the subject of 100001" 0 himaya --db "$db" --lang en subject show "$(subject_of 100001)" --json
cp "$OUT" "$TEST_DIR/show.json"
check "it shows why: the e-mail and the IP with both times" \
	[ "$(jq -c '[.links[] | [.kind, .value, .detail]]' "$OUT")" = \
	  '[["email","ali@example.invalid",null],["ip","105.66.1.10","2024-01-10T10:00:00Z ~ 2024-01-10T10:30:00Z"]]' ]
check "its three referrals" [ "$(jq '.members | length' "$TEST_DIR/show.json")" = 3 ]
s13=$(subject_of 100013)
s14=$(subject_of 100014)
expect "show the subject of 100013" 0 himaya --db "$db" subject show "$s13" --json
check "same content beside it, naming the other subject and the hash" \
	[ "$(jq -c '.same_content[] | [.subject, .hash_type, .hash]' "$OUT")" = "[$s14,\"md5\",\"00112233445566778899aabbccddeeff\"]" ]
expect_out "the subject page in Arabic" 'سبب الربط' himaya --db "$db" --lang ar subject show "$(subject_of 100001)"
expect_out "the needs-port flag in French" 'port requis' himaya --db "$db" --lang fr subject show "$(subject_of 100006)"

# --- incremental runs change nothing when nothing is new ---
expect "link again" 0 himaya --db "$db" link --json
check "nothing new, no rebuild" [ "$(jq -c '[.rebuilt, .new_referrals, .subjects]' "$OUT")" = '[false,0,12]' ]

# --- the window ---
expect "link with a two-hour window" 0 himaya --db "$db" link --window 120 --json
check "another window rebuilds" [ "$(jq .rebuilt "$OUT")" = true ]
check "two hours later now links" same 100001 100004
expect "link without --window keeps the last window" 0 himaya --db "$db" link --json
check "still 120 minutes, no rebuild" [ "$(jq -c '[.window_minutes, .rebuilt]' "$OUT")" = '[120,false]' ]
expect "back to an hour" 0 himaya --db "$db" link --window 60
check "100004 alone again" apart 100001 100004

# --- people's decisions ---
s1=$(subject_of 100001)
r3=$(himaya --db "$db" referral show ncmec:100003 --json | jq .id)
expect_err "split needs --referrals" 2 'referrals' himaya --db "$db" subject split "$s1"
expect_err "split off a referral of another subject" 1 'not in subject' himaya --db "$db" subject split "$s1" --referrals "$s13"
expect_err "split off everything" 1 'both sides' himaya --db "$db" subject split "$s1" --referrals "$s1,2,$r3"
expect "split 100003 off" 0 himaya --db "$db" subject split "$s1" --referrals "$r3" --note "another person on the family router"
check "100003 is alone" apart 100001 100003
check "100001 and 100002 stay together" same 100001 100002
expect_err "merge a subject with itself" 1 'itself' himaya --db "$db" subject merge "$s13" "$s13"
expect_err "merge an unknown subject" 1 'no subject' himaya --db "$db" subject merge "$s13" 99999
expect "merge the subjects of 100013 and 100014" 0 himaya --db "$db" subject merge "$s13" "$s14" --note "same person, police report 12/2024"
check "merged" same 100013 100014
expect "rebuild" 0 himaya --db "$db" link --rebuild --json
check "the split survives the rebuild" apart 100001 100003
check "the merge survives the rebuild" same 100013 100014
expect "the merge shows as a manual link" 0 himaya --db "$db" subject show "$s13" --json
check "with its note" [ "$(jq -r '.links[0] | .kind + ":" + (.decision | tostring)' "$OUT")" = "manual:2" ]
expect_out "decisions are audited" 'subject_split' himaya --db "$db" audit list

# --- a supplement that changes a linked referral is linked again, incrementally ---
db=$(new_db)
himaya --db "$db" import ncmec "$fx/link/known.xml" >/dev/null 2>&1
expect "link the known referrals" 0 himaya --db "$db" link
check "before the supplement: 100016 apart from 100001" apart 100001 100016
cat >"$TEST_DIR/supplement.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<reports>
  <cyberTiplineReport reportId="100016" priority="informational" receivedDateTime="2023-01-02T00:00:00Z">
    <report>
      <incidentSummary><incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType></incidentSummary>
      <personOrUserReported><screenName>x2</screenName><email>ALI@example.invalid</email><ipCaptureEvent><ipAddress>105.70.0.1</ipAddress><dateTime>2023-01-01T00:00:00Z</dateTime></ipCaptureEvent></personOrUserReported>
      <victim><victimPerson><phone>+212522001122</phone></victimPerson></victim>
    </report>
  </cyberTiplineReport>
</reports>
XML
expect "import the supplement" 0 himaya --db "$db" import ncmec "$TEST_DIR/supplement.xml" --json
check "it updated the referral" [ "$(jq .updated "$OUT")" = 1 ]
expect "link after the supplement" 0 himaya --db "$db" link --json
check "incremental, nothing new, one changed, one e-mail link" \
	[ "$(jq -c '[.rebuilt, .new_referrals, .changed_referrals, .links.email, .subjects]' "$OUT")" = '[false,0,1,1,11]' ]
check "the supplement's e-mail joins 100016 to 100001's subject" same 100001 100016
expect "the same supplement again" 0 himaya --db "$db" import ncmec "$TEST_DIR/supplement.xml" --json
check "changes nothing" [ "$(jq -c '[.updated, .duplicates]' "$OUT")" = '[0,1]' ]
expect "link again" 0 himaya --db "$db" link --json
check "no link to make" [ "$(jq -c '[.rebuilt, .changed_referrals, .links.email, .subjects]' "$OUT")" = '[false,0,0,11]' ]
incr=$(members)
himaya --db "$db" link --rebuild >/dev/null 2>&1
check "a rebuild agrees" [ "$(members)" = "$incr" ]

# --- one account name in two services, their reports interleaved; IPv6 ---
# A rebuild reads an identifier's rows in referral order, the services of
# one name mixed: 777 of Chat and 777 of OtherApp must stay two people.
db=$(new_db)
report() { # id, service, address, time
	cat <<XML
  <cyberTiplineReport reportId="$1" priority="3" receivedDateTime="2024-05-01T00:00:00Z">
    <report>
      <incidentSummary><incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType></incidentSummary>
      <personOrUserReported><espIdentifier>777</espIdentifier><espService>$2</espService><ipCaptureEvent><ipAddress>$3</ipAddress><dateTime>$4</dateTime></ipCaptureEvent></personOrUserReported>
    </report>
  </cyberTiplineReport>
XML
}
{
	echo '<?xml version="1.0" encoding="UTF-8"?><reports>'
	report 100101 Chat 105.71.0.1 2024-04-01T10:00:00Z
	report 100102 OtherApp 105.72.0.1 2024-04-02T10:00:00Z
	report 100103 Chat 105.73.0.1 2024-04-03T10:00:00Z
	report 100104 OtherApp 105.74.0.1 2024-04-04T10:00:00Z
	report 100105 Mail 2001:DB8:0:0::A 2024-04-05T10:00:00Z
	report 100106 News 2001:0db8::a 2024-04-05T10:20:00Z
	echo '</reports>'
} >"$TEST_DIR/services.xml"
expect "import the interleaved services" 0 himaya --db "$db" import ncmec "$TEST_DIR/services.xml"
expect "link them" 0 himaya --db "$db" link --rebuild --json
check "three subjects of two" [ "$(jq -c '[.subjects, .subjects_with_several, .links.esp_account, .links.ip]' "$OUT")" = '[3,3,2,1]' ]
check "777 of Chat: 100101 and 100103" same 100101 100103
check "777 of OtherApp: 100102 and 100104" same 100102 100104
check "777 of Chat is not 777 of OtherApp" apart 100101 100102
check "one IPv6 address written two ways links" same 100105 100106
expect "show the IPv6 subject" 0 himaya --db "$db" --lang en subject show "$(subject_of 100105)" --json
check "the link names the address in its canonical form" \
	[ "$(jq -c '[.links[] | [.kind, .value, .detail]]' "$OUT")" = \
	  '[["ip","2001:db8::a","2024-04-05T10:00:00Z ~ 2024-04-05T10:20:00Z"]]' ]

# --- values that never link (data/link-exclude.tsv) and the common ones ---
db=$(new_db)
himaya --db "$db" import ncmec "$fx/link/known.xml" >/dev/null 2>&1
expect "link with the shipped list (no values)" 0 himaya --db "$db" link --json
check "nothing excluded: 100001 and 100002 share an e-mail" [ "$(jq .excluded_values "$OUT")" = 0 ]
check "so they are one subject" same 100001 100002
expect "the values reported in two referrals or more" 0 himaya --db "$db" link common --min 2 --json
check "the e-mail and Chat's account 555, two referrals each, none excluded" \
	[ "$(jq -c '[.values[] | [.kind, .value, .service, .referrals, .excluded]]' "$OUT")" = \
	  '[["email","ali@example.invalid",null,2,false],["esp_account","555","chat",2,false]]' ]
expect "at most one" 0 himaya --db "$db" link common --min 2 --limit 1 --json
check "the first of the two (a tie: by kind)" [ "$(jq -c '[.values[] | .value]' "$OUT")" = '["ali@example.invalid"]' ]
expect "in three referrals or more: none" 0 himaya --db "$db" link common --min 3 --json
check "an empty list" [ "$(jq '.values | length' "$OUT")" = 0 ]
expect_out "said so in French" "aucune valeur" himaya --db "$db" --lang fr link common --min 3
dd="$TEST_DIR/data-exclude"
mkdir "$dd"
cp "$(cd "$(dirname "$0")/../../data" && pwd)"/*.tsv "$dd/"
printf 'email\tAli@EXAMPLE.invalid\n' >>"$dd/link-exclude.tsv"
expect "link with the e-mail excluded (written in another case)" 0 himaya --db "$db" --data-dir "$dd" link --json
check "the list changed: rebuilt, one value excluded, no e-mail link, one subject more" \
	[ "$(jq -c '[.rebuilt, .excluded_values, .links.email, .subjects]' "$OUT")" = '[true,1,0,13]' ]
check "100001 and 100002 are apart" apart 100001 100002
check "100001 keeps its IP link to 100003" same 100001 100003
expect "the same list again" 0 himaya --db "$db" --data-dir "$dd" link --json
check "no rebuild" [ "$(jq -c '[.rebuilt, .subjects]' "$OUT")" = '[false,13]' ]
expect "the common values with the list" 0 himaya --db "$db" --data-dir "$dd" link common --min 2 --json
check "say which is excluded" [ "$(jq -c '[.values[] | .excluded]' "$OUT")" = '[true,false]' ]
expect_out "in French too" "ali@example.invalid  \(exclu\)" himaya --db "$db" --data-dir "$dd" --lang fr link common --min 2
cat >"$TEST_DIR/placeholder.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<reports>
  <cyberTiplineReport reportId="100030" priority="3" receivedDateTime="2024-07-01T00:00:00Z">
    <report>
      <incidentSummary><incidentType>Child Pornography (possession, manufacture, and distribution)</incidentType></incidentSummary>
      <personOrUserReported><email>ali@example.invalid</email></personOrUserReported>
    </report>
  </cyberTiplineReport>
</reports>
XML
himaya --db "$db" import ncmec "$TEST_DIR/placeholder.xml" >/dev/null 2>&1
expect "an incremental run with the list" 0 himaya --db "$db" --data-dir "$dd" link --json
check "links nothing through the excluded e-mail" \
	[ "$(jq -c '[.rebuilt, .new_referrals, .links.email, .subjects]' "$OUT")" = '[false,1,0,14]' ]
check "100030 is alone" apart 100030 100001
check "and apart from 100002" apart 100030 100002
incr=$(members)
expect "a rebuild with the list" 0 himaya --db "$db" --data-dir "$dd" link --rebuild
check "agrees with the incremental run" [ "$(members)" = "$incr" ]
expect "without the list" 0 himaya --db "$db" link --json
check "rebuilt: the e-mail links the three again" [ "$(jq -c '[.rebuilt, .excluded_values, .links.email]' "$OUT")" = '[true,0,2]' ]
check "100030 joins 100001" same 100030 100001
printf 'esp_account\t555\tOtherApp\n' >"$dd/link-exclude.tsv"
expect "555 excluded on OtherApp only" 0 himaya --db "$db" --data-dir "$dd" link --json
check "Chat's 555 still links 100010 and 100011" same 100010 100011
printf 'esp_account\t555\tchat\n' >"$dd/link-exclude.tsv"
expect "555 excluded on Chat" 0 himaya --db "$db" --data-dir "$dd" link --json
check "100010 and 100011 are apart" apart 100010 100011
printf 'esp_account\t555\n' >"$dd/link-exclude.tsv"
expect "555 excluded on every service" 0 himaya --db "$db" --data-dir "$dd" link --json
check "apart as well" apart 100010 100011
before=$(members)
printf '# a bad line\nemail\tali@example.invalid\nfax\t0522001122\n' >"$dd/link-exclude.tsv"
expect_err "a kind that does not link: the file, the line, why" 1 'link-exclude.tsv:3: .fax. is not a kind that links' \
	himaya --db "$db" --data-dir "$dd" link
printf 'email\tnot an address\n' >"$dd/link-exclude.tsv"
expect_err "a value that cannot be read" 1 'link-exclude.tsv:1' himaya --db "$db" --data-dir "$dd" link
expect_err "link common reads the same list" 1 'link-exclude.tsv:1' himaya --db "$db" --data-dir "$dd" link common
check "and nothing changed" [ "$(members)" = "$before" ]
expect_err "link common: a bad --min" 2 'min' himaya --db "$db" link common --min 1

# --- incremental = rebuild, on seeded random data, with decisions between imports ---
"$fx/link/gen-random.sh" 20241220 400 4 "$TEST_DIR/rnd"
db=$(new_db)
for c in 1 2 3 4; do
	himaya --db "$db" import ncmec "$TEST_DIR/rnd.$c.xml" >/dev/null 2>&1
	himaya --db "$db" link --json >"$TEST_DIR/run.$c.json" 2>&1
	if [ "$c" = 2 ]; then
		# Split the largest subject's smallest referral off, and merge two singletons.
		big=$(himaya --db "$db" subject list --json --members | jq '[.subjects[]] | max_by(.members | length) | .members')
		himaya --db "$db" subject split "$(echo "$big" | jq '.[0]')" --referrals "$(echo "$big" | jq '.[0]')" >/dev/null 2>&1 ||
			echo "# split failed"
		ones=$(himaya --db "$db" subject list --json | jq -c '[.subjects[] | select(.referrals == 1) | .id][0:2]')
		himaya --db "$db" subject merge "$(echo "$ones" | jq '.[0]')" "$(echo "$ones" | jq '.[1]')" >/dev/null 2>&1 ||
			echo "# merge failed"
	fi
done
check "later runs were incremental" [ "$(jq -s -c '[.[] | .rebuilt]' "$TEST_DIR"/run.?.json)" = '[true,false,false,false]' ]
incremental=$(members)
flags_incr=$(himaya --db "$db" subject list --json | jq -c '[.subjects[] | [.id, .needs_port]]')
himaya --db "$db" link --rebuild >/dev/null 2>&1
rebuilt=$(members)
flags_rebuilt=$(himaya --db "$db" subject list --json | jq -c '[.subjects[] | [.id, .needs_port]]')
check "incremental and rebuild: the same subjects" [ "$incremental" = "$rebuilt" ]
check "and the same needs-port flags" [ "$flags_incr" = "$flags_rebuilt" ]
check "the data is not trivial (some subjects of 3 or more)" \
	[ "$(echo "$rebuilt" | jq '[.[] | select(length >= 3)] | length')" -ge 5 ]
check "and not one blob (over 100 subjects)" [ "$(echo "$rebuilt" | jq length)" -gt 100 ]

expect_err "an unknown option" 2 'unrecognized|unknown|--frobnicate' himaya --db "$db" link --frobnicate
expect_err "a bad window" 2 'window' himaya --db "$db" link --window -5


# --- the same answers on both backends (the PostgreSQL pass also runs SQLite) ---
# Subject ids, link reasons (which identifier, which times), triage order
# and funnel figures depend on the order the store hands rows over; the
# same inputs and decisions must give byte-identical JSON on both.
if is_pg; then
	twin() {
		d=$1 o=$2
		mkdir -p "$o"
		himaya --db "$d" import ncmec "$fx/link/known.xml" >/dev/null 2>&1
		himaya --db "$d" import ncmec "$TEST_DIR/rnd.1.xml" >/dev/null 2>&1
		himaya --db "$d" link --json >"$o/link1.json" 2>&1
		himaya --db "$d" import ncmec "$TEST_DIR/rnd.2.xml" >/dev/null 2>&1
		himaya --db "$d" link --json >"$o/link2.json" 2>&1
		himaya --db "$d" subject split 1 --referrals 3 --note "router" >/dev/null 2>&1 || echo "# split failed"
		himaya --db "$d" subject merge 13 14 --note "same person" >/dev/null 2>&1 || echo "# merge failed"
		c=$(himaya --db "$d" case open --court tpi-fes --number 2024/9/9 --date 2024-06-01 --body dgsn --unit BRPJ \
			--subject csam_distribution --platform ncmec --suspects 1 --json | jq .id)
		himaya --db "$d" case link-referral "$c" ncmec:100013 >/dev/null 2>&1
		himaya --db "$d" case event "$c" decision --date 2024-07-01 --decision filed --reason not_located >/dev/null 2>&1
		himaya --db "$d" import ncmec "$TEST_DIR/rnd.3.xml" >/dev/null 2>&1
		himaya --db "$d" link --json >"$o/link3.json" 2>&1
		himaya --db "$d" subject list --json --members >"$o/list.json" 2>&1
		himaya --db "$d" link common --min 2 --limit 500 --json >"$o/common.json" 2>&1
		for s in $(jq '.subjects[].id' "$o/list.json"); do
			himaya --db "$d" --lang en subject show "$s" --json
		done >"$o/show.json" 2>&1
		himaya --db "$d" triage --json >"$o/triage.json" 2>&1
		himaya --db "$d" stats --funnel --json >"$o/funnel.json" 2>&1
		himaya --db "$d" link --rebuild --json >"$o/rebuild.json" 2>&1
		himaya --db "$d" subject list --json --members >"$o/list-rebuilt.json" 2>&1
	}
	twin "$(new_db)" "$TEST_DIR/twin-pg"
	sq="$TEST_DIR/twin.db"
	HIMAYA_TEST_PG='' "$HIMAYA" --db "$sq" init >/dev/null 2>&1
	twin "$sq" "$TEST_DIR/twin-sqlite"
	for f in link1 link2 link3 list common show triage funnel rebuild list-rebuilt; do
		check "PostgreSQL and SQLite agree: $f" cmp "$TEST_DIR/twin-pg/$f.json" "$TEST_DIR/twin-sqlite/$f.json"
	done
	check "and the scenario is not trivial (links of several kinds, a case in the funnel)" \
		[ "$(jq -c '[.links.email > 0, .links.ip > 0, .links.esp_account > 0]' "$TEST_DIR/twin-pg/link3.json")" = \
		  '[true,true,true]' -a "$(jq '.subjects | length' "$TEST_DIR/twin-pg/list.json")" -gt 50 \
		  -a "$(jq '.values | length' "$TEST_DIR/twin-pg/common.json")" -gt 10 ]
fi

done_testing
