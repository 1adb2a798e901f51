# End-to-end: `himaya referral list|show` and `himaya case link-referral`
# / `unlink-referral`: filters, the referral page in each language, the
# link that brings the referral's platform into the case (and so into the
# table and statistics), and the refusals.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2024-10-04
fx="$(cd "$(dirname "$0")/../fixtures" && pwd)"
db=$(new_db)

pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

himaya --db "$db" import ncmec "$fx/import/reports.xml" >/dev/null 2>&1
himaya --db "$db" import cps "$fx/cps/detections.csv" >/dev/null 2>&1
check "fixtures imported" [ "$(sql "$db" 'SELECT count(*) FROM referrals')" = 6 ]

# --- list ---
expect_out "list --help" 'referral list' himaya --db "$db" referral list --help
expect_err "referral without a subcommand: exit 2" 2 'which subcommand' himaya --db "$db" referral
expect_err "a bad --ip: exit 2" 2 'not an IP address' himaya --db "$db" referral list --ip 105.66.1.300
expect_err "a bad prefix: exit 2" 2 'prefix length' himaya --db "$db" referral list --ip 105.66.0.0/40
himaya --db "$db" referral list --json >"$TEST_DIR/all.json" 2>"$ERR"
check "list: six referrals in id order" [ "$(pyjson "$TEST_DIR/all.json" 'd["count"], [r["id"] for r in d["referrals"]] == sorted(r["id"] for r in d["referrals"])')" = "6 True" ]
check "each with platform labels" [ "$(pyjson "$TEST_DIR/all.json" 'd["referrals"][0]["platform"], d["referrals"][0]["platform_label_fr"]')" = "ncmec NCMEC (CyberTipline)" ]
expect_out "--platform cps" '"count": 3' himaya --db "$db" referral list --platform cps --json
expect_out "--ip one address" '"count": 2' himaya --db "$db" referral list --ip 105.66.1.2 --json
expect_out "--ip an IPv6 block" '"count": 1' himaya --db "$db" referral list --ip 2a01:cb0::/32 --json
expect_out "--ident an e-mail as normalised" '"count": 1' himaya --db "$db" referral list --ident user@example.invalid --json
expect_out "--ident as a person types it: an e-mail" '"count": 1' himaya --db "$db" referral list --ident ' User@EXAMPLE.invalid ' --json
expect_out "--ident as a person types it: a national phone number" '"count": 1' himaya --db "$db" referral list --ident '06 12 34 56 78' --json
expect_out "--ident in E.164" '"count": 1' himaya --db "$db" referral list --ident '+212612345678' --json
expect_out "--ident nobody has" '"count": 0' himaya --db "$db" referral list --ident '06 99 99 99 99' --json
expect_err "--ident not an e-mail: exit 2, said" 2 '--ident: ' himaya --db "$db" referral list --ident 'a@'
expect_out "--from/--to on the received date" '"count": 1' himaya --db "$db" referral list --platform ncmec --from 2022-04-01 --to 2022-04-30 --json
expect_out "--limit and --after page by id" '"count": 2' himaya --db "$db" referral list --after 1 --limit 2 --json
expect_out "text list (en)" '120334455 .*\(no case\)' himaya --db "$db" --lang en referral list
expect_out "text list (ar)" '\(بدون قضية\)' himaya --db "$db" referral list

# --- show ---
expect_err "an unknown referral: exit 1" 1 'no referral ncmec:999' himaya --db "$db" referral show ncmec:999
expect_err "an unknown id: exit 1" 1 'no referral 999' himaya --db "$db" referral show 999
expect_err "not a referral: exit 2" 2 'not a referral' himaya --db "$db" referral show abc
expect_out "show by id (ar labels)" 'المنصة: NCMEC' himaya --db "$db" referral show 1
expect_out "show (fr): the P2P network" 'Réseau P2P: Gnutella' himaya --db "$db" --lang fr referral show cps:L-100
expect_out "show (en): IP events with port and event" 'IP event: 105.66.1.2 2022-03-01T22:04:00Z port 51123 Upload' \
	himaya --db "$db" --lang en referral show 1

# --- link a case to its referrals ---
himaya --db "$db" case open --court tpi-rabat --number 2022/1/1 --date 2022-03-10 --body dgsn \
	--unit "الفرقة الجهوية للشرطة القضائية" --subject csam_distribution --platform ncmec --suspects 1 >/dev/null 2>"$ERR"
check "a case opened" [ $? -eq 0 ]
expect_err "link: no such case: exit 1" 1 'no case 99' himaya --db "$db" case link-referral 99 ncmec:120334455
expect_err "link: no such referral: exit 1" 1 'no referral' himaya --db "$db" case link-referral 1 cps:nope
expect_err "link: a bad case id: exit 2" 2 'CASE' himaya --db "$db" case link-referral x ncmec:120334455
himaya --db "$db" case link-referral 1 cps:L-100 --json >"$TEST_DIR/link.json" 2>"$ERR"
check "link: exit 0" [ $? -eq 0 ]
check "the case now has the CPS platform too" [ "$(pyjson "$TEST_DIR/link.json" '[p["code"] for p in d["platforms"]]')" = "['ncmec', 'cps']" ]
expect_out "link by id (text, en)" 'referral 1 linked to case 1' himaya --db "$db" --lang en case link-referral 1 1
expect_out "linking again changes nothing" 'linked' himaya --db "$db" --lang en case link-referral 1 1
himaya --db "$db" case show 1 --json >"$TEST_DIR/case.json" 2>"$ERR"
check "case show lists both platforms" [ "$(pyjson "$TEST_DIR/case.json" '[p["code"] for p in d["platforms"]]')" = "['ncmec', 'cps']" ]
expect_out "the table counts the case under CPS" '"count": 1' himaya --db "$db" case list --platform cps --json
himaya --db "$db" referral show cps:L-100 --json >"$TEST_DIR/l100.json" 2>"$ERR"
check "the referral shows its case" [ "$(pyjson "$TEST_DIR/l100.json" 'd["case_id"], d["case"]["file_number"]')" = "1 2022/1/1" ]
expect_out "list --linked" '"count": 2' himaya --db "$db" referral list --linked --json
expect_out "list --unlinked" '"count": 4' himaya --db "$db" referral list --unlinked --json

himaya --db "$db" case open --court tpi-rabat --number 2022/1/2 --date 2022-03-11 --body dgsn \
	--unit "الفرقة الجهوية للشرطة القضائية" --subject csam_distribution --platform ncmec --suspects 1 >/dev/null 2>&1
expect_err "a referral linked elsewhere: exit 1, unlink first" 1 'unlink it first' \
	himaya --db "$db" case link-referral 2 cps:L-100

# --- unlink ---
expect_out "unlink (fr)" 'détaché du dossier 1' himaya --db "$db" --lang fr case unlink-referral 1 cps:L-100
himaya --db "$db" case show 1 --json >"$TEST_DIR/case2.json" 2>"$ERR"
check "the platform only the link gave is gone" [ "$(pyjson "$TEST_DIR/case2.json" '[p["code"] for p in d["platforms"]]')" = "['ncmec']" ]
himaya --db "$db" case unlink-referral 1 1 >/dev/null 2>&1
himaya --db "$db" case show 1 --json >"$TEST_DIR/case3.json" 2>"$ERR"
check "a platform declared at opening stays" [ "$(pyjson "$TEST_DIR/case3.json" '[p["code"] for p in d["platforms"]]')" = "['ncmec']" ]
expect_err "unlinking what is not linked: exit 1" 1 'not linked' himaya --db "$db" case unlink-referral 1 1
expect_out "links and unlinks are in the audit log of the case" 'unlink_referral cps:L-100' \
	himaya --db "$db" audit list --case 1
expect_out "... the link too" '(^|[^n])link_referral cps:L-100' himaya --db "$db" audit list --case 1
expect_out "... and the chain still verifies" '' himaya --db "$db" audit verify
expect_out "now it can go to case 2" 'linked' himaya --db "$db" --lang en case link-referral 2 cps:L-100

done_testing
