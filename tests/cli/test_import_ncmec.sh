# End-to-end: `himaya import ncmec`: exact summary counts, re-import adds
# nothing, a supplement updates and is shown, bad reports refused alone
# with file/line/path (exit 1), a truncated file keeps the reports before
# the cut, embedded file content never reaches the database or the output,
# and an import killed with SIGKILL mid-way completes when run again with
# the same result as an uninterrupted one.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/referral_lib.sh"

fx="$(cd "$(dirname "$0")/../fixtures/import" && pwd)"
root="$(cd "$(dirname "$0")/../.." && pwd)"
db=$(new_db)

pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
summary() { pyjson "$1" 'd["read"], d["imported"], d["updated"], d["duplicates"], d["rejected"], d["content_dropped"]'; }

# --- usage (exit 2) ---
expect_out "import ncmec --help" 'import ncmec FILE' himaya --db "$db" import ncmec --help
expect_err "no file" 2 'which file' himaya --db "$db" import ncmec
expect_err "unknown option" 2 "unknown option '--xml'" himaya --db "$db" import ncmec --xml "$fx/reports.xml"
expect_err "a missing file: exit 2" 2 'no-such.xml' himaya --db "$db" import ncmec "$fx/no-such.xml"
expect_err "a database never initialised: exit 2" 2 'init' himaya --db "$TEST_DIR/none.db" import ncmec "$fx/reports.xml"

# --- three reports ---
himaya --db "$db" import ncmec "$fx/reports.xml" --json >"$TEST_DIR/a.json" 2>"$ERR"
check "import: exit 0" [ $? -eq 0 ]
check "summary: read 3, imported 3" [ "$(summary "$TEST_DIR/a.json")" = "3 3 0 0 0 0" ]
check "summary has an empty error list" [ "$(pyjson "$TEST_DIR/a.json" 'd["errors"]')" = "[]" ]
check "--json prints no progress" [ ! -s "$ERR" ]
himaya --db "$db" import ncmec "$fx/reports.xml" --json >"$TEST_DIR/b.json" 2>"$ERR"
check "re-import: exit 0" [ $? -eq 0 ]
check "re-import adds nothing" [ "$(summary "$TEST_DIR/b.json")" = "3 0 0 3 0 0" ]
check "still three referrals" [ "$(sql "$db" 'SELECT count(*) FROM referrals')" = 3 ]
check "and their IP events once" [ "$(sql "$db" 'SELECT count(*) FROM ip_events')" = 4 ]
# A copy of the file under another name is the same file: nothing new either.
cp "$fx/reports.xml" "$TEST_DIR/تقارير.xml"
himaya --db "$db" import ncmec "$TEST_DIR/تقارير.xml" --json >"$TEST_DIR/c.json" 2>"$ERR"
check "an Arabic file name, same content: duplicates" [ "$(summary "$TEST_DIR/c.json")" = "3 0 0 3 0 0" ]
# Imported to its end with nothing refused, the file is not read again:
# with "today" before its reports, reading it would refuse each of them as
# dated in the future; it is three duplicates, exit 0.
HIMAYA_TODAY=2001-01-01 himaya --db "$db" import ncmec "$fx/reports.xml" --json >"$TEST_DIR/c2.json" 2>"$ERR"
check "a finished file is not read again: exit 0" [ $? -eq 0 ]
check "and its records are duplicates" [ "$(summary "$TEST_DIR/c2.json")" = "3 0 0 3 0 0" ]

# --- normalised on the way in, shown as given ---
himaya --db "$db" referral show ncmec:120334455 --json >"$TEST_DIR/show.json" 2>"$ERR"
check "show by PLATFORM:REPORTID" [ "$(pyjson "$TEST_DIR/show.json" 'd["external_id"], d["priority"]')" = "120334455 2" ]
check "IPv6 canonical, time in UTC" \
	[ "$(pyjson "$TEST_DIR/show.json" '[(e["ip"], e["at"]) for e in d["ip_events"] if ":" in e["ip"]]')" = "[('2a01:cb0::1', '2022-03-01T22:04:00Z')]" ]
check "e-mail lower-cased, Moroccan phone to E.164" \
	[ "$(pyjson "$TEST_DIR/show.json" 'sorted(i["value"] for i in d["identifiers"] if i["kind"] in ("email", "phone"))')" = "['+212612345678', 'user@example.invalid']" ]
check "hash lower-cased" [ "$(pyjson "$TEST_DIR/show.json" 'd["files"][0]["md5"]')" = 0123456789abcdef0123456789abcdef ]
check "geolocation as given" [ "$(pyjson "$TEST_DIR/show.json" 'd["locations"][0]["city"], d["locations"][0]["asn"]')" = "Casablanca 6713" ]
check "no revision yet, no case" [ "$(pyjson "$TEST_DIR/show.json" 'len(d["revisions"]), d["case"]')" = "0 None" ]
expect_out "escalation text shown (fr)" 'Urgence signalée: The user arranged' himaya --db "$db" --lang fr referral show ncmec:120334456
expect_out "list: three referrals" '"count": 3' himaya --db "$db" referral list --json
expect_out "list by IP range" '"count": 2' himaya --db "$db" referral list --ip 105.66.0.0/16 --json

# --- a supplement ---
himaya --db "$db" import ncmec "$fx/supplement.xml" --json >"$TEST_DIR/s.json" 2>"$ERR"
check "supplement: updated 1" [ "$(summary "$TEST_DIR/s.json")" = "1 0 1 0 0 0" ]
himaya --db "$db" referral show ncmec:120334455 --json >"$TEST_DIR/show2.json" 2>"$ERR"
check "the referral has the supplement's content" [ "$(pyjson "$TEST_DIR/show2.json" 'd["priority"], len(d["ip_events"])')" = "1 3" ]
check "and says it was revised, from which file" \
	[ "$(pyjson "$TEST_DIR/show2.json" 'd["revisions"][0]["kind"], d["revisions"][0]["source_file"].endswith("supplement.xml")')" = "supplement True" ]
check "old and new fingerprints differ" \
	[ "$(pyjson "$TEST_DIR/show2.json" 'd["revisions"][0]["old_fingerprint"] != d["revisions"][0]["new_fingerprint"] == d["fingerprint"]')" = True ]
expect_out "the revision is shown (ar)" 'تحيين: supplement' himaya --db "$db" --lang ar referral show ncmec:120334455
check "still three referrals" [ "$(sql "$db" 'SELECT count(*) FROM referrals')" = 3 ]

# --- bad reports: refused alone ---
db2=$(new_db)
expect_err "bad reports: exit 1, FILE:LINE: path: reason" 1 \
	"bad.xml:9: reports/cyberTiplineReport\[2\]/report/personOrUserReported/ipCaptureEvent: '105.66.1.256' is not an IP address" \
	himaya --db "$db2" import ncmec "$fx/bad.xml"
check "the good ones around them are kept" [ "$(sql "$db2" 'SELECT external_id FROM referrals ORDER BY id' | paste -sd,)" = "220000001,220000004" ]
himaya --db "$db2" import ncmec "$fx/bad.xml" --json >"$TEST_DIR/bad.json" 2>"$ERR"
check "--json: exit 1" [ $? -eq 1 ]
check "--json summary counts" [ "$(summary "$TEST_DIR/bad.json")" = "4 0 0 2 2 0" ]
check "--json errors: file, line, path, reason" \
	[ "$(pyjson "$TEST_DIR/bad.json" 'sorted(d["errors"][0].keys()), d["errors"][0]["line"], d["errors"][1]["line"]')" = "['file', 'line', 'path', 'reason'] 9 12" ]
check "a missing reportId is named" [ "$(pyjson "$TEST_DIR/bad.json" '"reportId" in d["errors"][1]["reason"]')" = True ]

# --- a truncated file keeps the reports before the cut ---
db3=$(new_db)
himaya --db "$db3" import ncmec "$fx/truncated.xml" --json >"$TEST_DIR/t.json" 2>"$ERR"
check "truncated: exit 1" [ $? -eq 1 ]
check "truncated: two kept, the break refused" [ "$(summary "$TEST_DIR/t.json")" = "3 2 0 0 1 0" ]
check "the break says where" [ "$(pyjson "$TEST_DIR/t.json" 'd["errors"][0]["line"], "malformed XML" in d["errors"][0]["reason"]')" = "11 True" ]
check "two referrals stored" [ "$(sql "$db3" 'SELECT count(*) FROM referrals')" = 2 ]

# --- file content never lands anywhere ---
db4=$(new_db)
marker=SElNQVlBLUNPTlRFTlQtTUFSS0VSLTdmM2E5Y0hJ
himaya --db "$db4" import ncmec "$fx/content.xml" --json >"$TEST_DIR/content.json" 2>"$TEST_DIR/content.err"
check "content: the report is kept, two elements dropped" [ "$(summary "$TEST_DIR/content.json")" = "1 1 0 0 0 2" ]
check "the fixture does carry the marker" grep -q "$marker" "$fx/content.xml"
himaya --db "$db4" referral show ncmec:440000001 --json >"$TEST_DIR/content-show.json" 2>>"$TEST_DIR/content.err"
check "the file's name and hash are kept" [ "$(pyjson "$TEST_DIR/content-show.json" 'd["files"][0]["name"], d["files"][0]["md5"]')" = "b.jpg fedcba9876543210fedcba9876543210" ]
# db_has_bytes: the dump, and on SQLite the file and its WAL, on
# PostgreSQL every file of the test cluster.
check "the dump does have the file's name (the check can see)" [ "$(db_has_bytes "$db4" fedcba9876543210fedcba9876543210)" -gt 0 ]
check "no byte of it in the database" [ "$(db_has_bytes "$db4" "$marker")" = 0 ]
check "nor a data: URL" [ "$(db_has_bytes "$db4" 'data:image')" = 0 ]
check "nor in stdout or stderr" [ "$(cat "$TEST_DIR/content.json" "$TEST_DIR/content-show.json" "$TEST_DIR/content.err" | grep -c "$marker\|data:image" || true)" = 0 ]

# --- kill -9 mid-way, then run again ---
gen="$TEST_DIR/gen_referrals"
cc -std=c11 -O2 -D_DEFAULT_SOURCE -o "$gen" "$root/bench/gen_referrals.c"
check "the generator builds" [ -x "$gen" ]
"$gen" ncmec-xml 8000 5 >"$TEST_DIR/big.xml"
killed=$(new_db)
# The binary itself, not the himaya() shell function: $! must be its pid.
# Small batches (the default is much larger) so that the kill lands
# between commits of this small file.
HIMAYA_IMPORT_BATCH=500 "$HIMAYA" --db "$killed" import ncmec "$TEST_DIR/big.xml" --json >/dev/null 2>&1 &
pid=$!
# Kill it once it has committed at least one batch, but before the end.
i=0
while [ $i -lt 600 ]; do
	done_=$(import_progress "$killed")
	[ "${done_:-0}" -gt 0 ] && break
	sleep 0.05
	i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "killed mid-way (some batches committed, not finished)" \
	[ "$(sql "$killed" 'SELECT CASE WHEN records_done > 0 AND records_done < 8000 AND finished_at IS NULL THEN 1 ELSE 0 END FROM imports')" = 1 ]
check "integrity check ok after the kill" [ "$(db_integrity "$killed")" = ok ]
check "foreign keys hold" [ "$(db_orphans "$killed")" = 0 ]
himaya --db "$killed" import ncmec "$TEST_DIR/big.xml" --json >"$TEST_DIR/resume.json" 2>"$ERR"
check "the re-run completes: exit 0" [ $? -eq 0 ]
check "it passed over what was stored (duplicates), imported the rest" \
	[ "$(pyjson "$TEST_DIR/resume.json" 'd["read"] == 8000 and d["imported"] + d["duplicates"] == 8000 and d["imported"] > 0')" = True ]
whole=$(new_db)
himaya --db "$whole" import ncmec "$TEST_DIR/big.xml" --json >/dev/null 2>&1
content_of() {
	{
		sql "$1" "SELECT (SELECT count(*) FROM referrals), (SELECT count(*) FROM ip_events),
			(SELECT count(*) FROM referral_idents), (SELECT count(*) FROM referral_files),
			(SELECT count(*) FROM referral_locations)"
		sql "$1" "SELECT external_id || fingerprint FROM referrals ORDER BY external_id"
	} | md5sum
}
check "same content as an uninterrupted import" [ "$(content_of "$killed")" = "$(content_of "$whole")" ]
check "8000 referrals, nothing doubled" [ "$(sql "$killed" 'SELECT count(*) FROM referrals')" = 8000 ]
check "integrity check ok at the end" [ "$(db_integrity "$killed")" = ok ]
check "and no orphan row" [ "$(db_orphans "$killed")" = 0 ]

done_testing
