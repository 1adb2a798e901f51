# End-to-end: `himaya import cps` (and the NCMEC tip list, the other CSV
# of fragments): exact counts on the fixtures, rows of one lead merged
# into one referral, re-import adds nothing, a later file adding sightings
# updates the lead and is recorded, bad rows refused alone (exit 1),
# content columns never stored, and a kill -9 mid-way completed by a
# second run with the same result as an uninterrupted import.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/referral_lib.sh"

fx="$(cd "$(dirname "$0")/../fixtures" && pwd)"
root="$(cd "$(dirname "$0")/../.." && pwd)"
db=$(new_db)

pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
summary() { pyjson "$1" 'd["read"], d["imported"], d["updated"], d["duplicates"], d["rejected"], d["content_dropped"]'; }

# --- usage ---
expect_out "import cps --help" 'import cps FILE' himaya --db "$db" import cps --help
expect_err "no file" 2 'which file' himaya --db "$db" import cps
expect_err "a missing column map: exit 2" 2 'no-such.tsv' himaya --db "$db" import cps "$fx/cps/detections.csv" --columns "$TEST_DIR/no-such.tsv"
check "... and nothing was imported" [ "$(sql "$db" 'SELECT count(*) FROM referrals')" = 0 ]

# --- detections: BOM, quotes, Arabic file names, bad rows among good ones ---
himaya --db "$db" import cps "$fx/cps/detections.csv" --json >"$TEST_DIR/a.json" 2>"$ERR"
check "detections: exit 1 (some rows refused)" [ $? -eq 1 ]
check "detections: read 8, imported 4, rejected 4, 2 contents dropped" [ "$(summary "$TEST_DIR/a.json")" = "8 4 0 0 4 2" ]
check "each refusal names file and line" \
	[ "$(pyjson "$TEST_DIR/a.json" '[(e["file"].endswith("detections.csv"), e["line"]) for e in d["errors"]]')" = "[(True, 4), (True, 5), (True, 6), (True, 8)]" ]
check "an invalid IP is the reason of line 4, with its column" \
	[ "$(pyjson "$TEST_DIR/a.json" 'd["errors"][0]["path"], "not an IP address" in d["errors"][0]["reason"]')" = "IP Address True" ]
# A row is a sighting at first_seen and, when given, one at last_seen.
check "the two rows of lead L-100 are one referral with three sightings" \
	[ "$(sql "$db" "SELECT count(*) FROM ip_events e JOIN referrals r ON r.id = e.referral_id WHERE r.external_id = 'L-100'")" = 3 ]
check "three referrals" [ "$(sql "$db" 'SELECT count(*) FROM referrals')" = 3 ]
himaya --db "$db" referral show cps:L-100 --json >"$TEST_DIR/l100.json" 2>"$ERR"
check "the GUID normalised once" \
	[ "$(pyjson "$TEST_DIR/l100.json" '[i["value"] for i in d["identifiers"] if i["kind"] == "p2p_guid"]')" = "['0123456789ABCDEF0123456789ABCDEF']" ]
check "network and client shown" [ "$(pyjson "$TEST_DIR/l100.json" 'd["network"], d["client"]')" = "Gnutella Shareaza 2.7" ]
check "the Arabic file name kept" [ "$(pyjson "$TEST_DIR/l100.json" 'sorted(f["name"] for f in d["files"])[1]')" = "فيديو.avi" ]
check "received is the earliest sighting" [ "$(pyjson "$TEST_DIR/l100.json" 'd["received_at"]')" = 2022-01-10T08:00:00Z ]

# --- content columns ---
check "the fixture carries a thumbnail" grep -q VEhVTUJOQUlMLU1BUktFU "$fx/cps/detections.csv"
# db_has_bytes: the dump, and on SQLite the file and its WAL, on
# PostgreSQL every file of the test cluster.
check "the dump does hold the lead (the check can see)" [ "$(db_has_bytes "$db" L-100)" -gt 0 ]
check "no thumbnail byte in the database" [ "$(db_has_bytes "$db" 'VEhVTUJOQUlMLU1BUktFU\|data:image')" = 0 ]
check "nor in the output" [ "$(cat "$TEST_DIR/a.json" "$TEST_DIR/l100.json" "$ERR" | grep -c 'VEhVTUJOQUlMLU1BUktFU\|data:image' || true)" = 0 ]

# --- again: nothing new ---
himaya --db "$db" import cps "$fx/cps/detections.csv" --json >"$TEST_DIR/b.json" 2>"$ERR"
check "re-import: the good rows are duplicates" [ "$(summary "$TEST_DIR/b.json")" = "8 0 0 4 4 2" ]
check "still three referrals, three sightings of L-100" \
	[ "$(sql "$db" "SELECT count(*) FROM referrals") $(sql "$db" "SELECT count(*) FROM ip_events e JOIN referrals r ON r.id = e.referral_id WHERE r.external_id = 'L-100'")" = "3 3" ]

# --- a later export adds a sighting to L-100 ---
{
	printf 'lead_id,ip,port,first_seen,last_seen,network,client,guid,file_name,sha1,md5,country,region,city,isp,asn\r\n'
	printf 'L-100,105.66.5.9,6346,2022-02-01T08:00:00Z,,Gnutella,Shareaza 2.7,0123456789ABCDEF0123456789ABCDEF,new.avi,,,MA,,,,\r\n'
	printf 'L-100,105.66.5.2,6346,2022-01-13T08:00:00Z,,Gnutella,Shareaza 2.7,0123456789ABCDEF0123456789ABCDEF,فيديو.avi,0123456789abcdef0123456789abcdef01234567,,MA,,,,\r\n'
	printf 'L-300,105.66.7.1,6346,2022-02-01T08:00:00Z,,Gnutella,Shareaza 2.7,,z.avi,,,MA,,,,\r\n'
} >"$TEST_DIR/later.csv"
himaya --db "$db" import cps "$TEST_DIR/later.csv" --json >"$TEST_DIR/c.json" 2>"$ERR"
check "later file (CRLF): L-100 updated, an old row duplicate, L-300 new" [ "$(summary "$TEST_DIR/c.json")" = "3 1 1 1 0 0" ]
himaya --db "$db" referral show cps:L-100 --json >"$TEST_DIR/l100b.json" 2>"$ERR"
check "L-100 has four sightings and one merge revision from that file" \
	[ "$(pyjson "$TEST_DIR/l100b.json" 'len(d["ip_events"]), [(r["kind"], r["source_file"].endswith("later.csv")) for r in d["revisions"]]')" = "4 [('merge', True)]" ]

# --- the NCMEC tip list: rows of one report merge ---
db2=$(new_db)
himaya --db "$db2" import ncmec "$fx/ncmec/tiplist.csv" --json >"$TEST_DIR/tips.json" 2>"$ERR"
check "tip list (.csv): exit 1, 3 rows imported, 4 refused" [ "$(summary "$TEST_DIR/tips.json")" = "7 3 0 0 4 0" ]
check "the two rows of report 140001 are one referral with two sightings" \
	[ "$(sql "$db2" "SELECT count(*) FROM referrals") $(sql "$db2" "SELECT count(*) FROM ip_events e JOIN referrals r ON r.id = e.referral_id WHERE r.external_id = '140001'")" = "2 2" ]
cp "$fx/ncmec/tiplist.csv" "$TEST_DIR/tips.txt"
himaya --db "$(new_db)" import ncmec --csv "$TEST_DIR/tips.txt" --json >"$TEST_DIR/tips-csv.json" 2>"$ERR"
check "--csv reads any name as a tip list" [ "$(pyjson "$TEST_DIR/tips-csv.json" 'd["imported"]')" = 3 ]
himaya --db "$db2" import ncmec "$fx/ncmec/tiplist.csv" --json >"$TEST_DIR/tips2.json" 2>"$ERR"
check "tip list again: nothing new" [ "$(pyjson "$TEST_DIR/tips2.json" 'd["imported"], d["updated"]')" = "0 0" ]

# --- kill -9 mid-way through a CPS import, then again ---
gen="$TEST_DIR/gen_referrals"
cc -std=c11 -O2 -D_DEFAULT_SOURCE -o "$gen" "$root/bench/gen_referrals.c"
"$gen" cps-csv 16000 3 >"$TEST_DIR/big.csv"
killed=$(new_db)
expect_err "a bad HIMAYA_IMPORT_BATCH is refused, not replaced: exit 2" 2 'HIMAYA_IMPORT_BATCH' \
	env HIMAYA_IMPORT_BATCH=0 "$HIMAYA" --db "$killed" import cps "$TEST_DIR/big.csv"
# Small batches (the default is much larger) so that the kill lands
# between commits of this small file.
HIMAYA_IMPORT_BATCH=500 "$HIMAYA" --db "$killed" import cps "$TEST_DIR/big.csv" --json >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 600 ]; do
	n=$(import_progress "$killed")
	[ "${n:-0}" -gt 0 ] && break
	sleep 0.05
	i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "killed mid-way" [ "$(sql "$killed" 'SELECT CASE WHEN records_done > 0 AND records_done < 16000 AND finished_at IS NULL THEN 1 ELSE 0 END FROM imports')" = 1 ]
check "integrity check ok after the kill" [ "$(db_integrity "$killed")" = ok ]
check "no orphan row after the kill" [ "$(db_orphans "$killed")" = 0 ]
himaya --db "$killed" import cps "$TEST_DIR/big.csv" --json >"$TEST_DIR/resume.json" 2>"$ERR"
check "the re-run completes: exit 0" [ $? -eq 0 ]
check "it read every row and stored the rest" \
	[ "$(pyjson "$TEST_DIR/resume.json" 'd["read"] == 16000 and d["imported"] > 0 and d["rejected"] == 0')" = True ]
whole=$(new_db)
himaya --db "$whole" import cps "$TEST_DIR/big.csv" --json >/dev/null 2>&1
content_of() {
	{
		sql "$1" "SELECT (SELECT count(*) FROM referrals), (SELECT count(*) FROM ip_events),
			(SELECT count(*) FROM referral_idents), (SELECT count(*) FROM referral_files)"
		sql "$1" "SELECT external_id || '|' || fingerprint || '|' || coalesce(CAST(received_at AS text), '')
			FROM referrals ORDER BY external_id"
	} | md5sum
}
check "same content as an uninterrupted import, nothing doubled" [ "$(content_of "$killed")" = "$(content_of "$whole")" ]
check "integrity check ok at the end" [ "$(db_integrity "$killed")" = ok ]
check "and no orphan row" [ "$(db_orphans "$killed")" = 0 ]

done_testing
