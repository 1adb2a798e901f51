# End-to-end: the demo data set is deterministic, realistic enough, and
# covers every stage and every decision and outcome of the vocabulary;
# it goes into an empty database only.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2025-12-31
db1=$(new_db)
db2=$(new_db)
db3=$(new_db)

expect_out "demo fills a database" "^demo: 120 cases \(seed 2021\)" himaya --db "$db1" demo
expect_out "the same seed on another database" "^demo: 120 cases \(seed 2021\)" himaya --db "$db2" demo --seed 2021
himaya --db "$db1" case list --json >"$TEST_DIR/list1.json" 2>"$ERR"
himaya --db "$db2" case list --json >"$TEST_DIR/list2.json" 2>"$ERR"
check "same seed, identical case lists" cmp -s "$TEST_DIR/list1.json" "$TEST_DIR/list2.json"
himaya --db "$db1" case show 7 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); [e.pop("recorded_at") for e in d["events"]]; d.pop("created_at"); print(json.dumps(d))' >"$TEST_DIR/show1" 2>"$ERR"
himaya --db "$db2" case show 7 --json | python3 -c 'import json,sys; d=json.load(sys.stdin); [e.pop("recorded_at") for e in d["events"]]; d.pop("created_at"); print(json.dumps(d))' >"$TEST_DIR/show2" 2>"$ERR"
check "same seed, identical histories" cmp -s "$TEST_DIR/show1" "$TEST_DIR/show2"
expect_out "another seed, fewer cases" "^demo: 30 cases \(seed 7\)" himaya --db "$db3" demo --seed 7 --cases 30
himaya --db "$db3" case list --json >"$TEST_DIR/list3.json" 2>"$ERR"
differ() { ! cmp -s "$1" "$2"; }
check "another seed, another data set" differ "$TEST_DIR/list1.json" "$TEST_DIR/list3.json"

# --- coverage of the vocabulary and the stages ---
check "every stage, decision and outcome appears" python3 - "$TEST_DIR/list1.json" "$HIMAYA_DATA/vocabulary.tsv" <<'EOF'
import json, sys
cases = json.load(open(sys.argv[1]))["cases"]
stages = {"registered", "investigation", "filed", "prosecuted", "first_judged",
          "appeal_judged", "remanded", "cassation_ruled"}
decisions, outcomes = set(), {"first": set(), "appeal": set(), "cassation": set()}
for line in open(sys.argv[2], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    attrs = dict((a.split("=", 1) + [""])[:2] for a in (f[4].split(";") if len(f) > 4 else []))
    if f[0] == "decision":
        decisions.add(f[1])
    if f[0] == "outcome" and "pending" not in attrs:
        for level in attrs["levels"].split(","):
            outcomes[level].add(f[1])
seen = lambda key: {c[key]["code"] for c in cases if c[key]}
missing = {
    "stage": stages - {c["stage"] for c in cases},
    "decision": decisions - seen("decision"),
    "first": outcomes["first"] - seen("first_instance"),
    "appeal": outcomes["appeal"] - seen("appeal"),
    "cassation": outcomes["cassation"] - seen("cassation"),
}
missing = {k: v for k, v in missing.items() if v}
assert not missing, missing
EOF
check "several districts, both platforms and bodies, both kinds of court" python3 - "$TEST_DIR/list1.json" <<'EOF'
import json, sys
cases = json.load(open(sys.argv[1]))["cases"]
assert len({c["district"] for c in cases}) >= 4
assert {p["code"] for c in cases for p in c["platforms"]} == {"ncmec", "cps"}
assert any(len(c["platforms"]) == 2 for c in cases)
assert {c["body"] for c in cases} == {"dgsn", "gr"}
assert any(c["court"].startswith("ca-") for c in cases), "no Court of Appeal's own case"
assert sum(c["court"].startswith("tpi-") for c in cases) > 60
assert all("2021-01-01" <= c["registered"] <= "2025-06-30" for c in cases)
assert all(c["last_event_date"] is None or c["last_event_date"] <= "2025-06-30" for c in cases)
assert {c["registered"][:4] for c in cases} >= {"2021", "2022", "2023", "2024"}
assert all(c["unit"] for c in cases), "a case without a unit"
assert any(c["stage"] == "appeal_judged" and c["cassation"] and c["cassation"]["code"] == "quashed" for c in cases), \
    "no new appeal after a remand"
# Moroccan file numbers: year/series/serial, the year of registration.
assert all(c["file_number"].split("/")[0] == c["registered"][:4] and len(c["file_number"].split("/")) == 3 for c in cases)
EOF
# The histories: a filing with its reason, a reopened filing, corrections.
check "a filing with a closing reason, a reopened filing, a correction, a retraction" python3 - "$TEST_DIR/list1.json" "$HIMAYA" "$db1" <<'EOF'
import json, subprocess, sys
cases = json.load(open(sys.argv[1]))["cases"]
want = {"reason", "reopened", "correction", "retraction"}
for c in sorted(cases, key=lambda c: c["stage"] == "registered"):
    if not want:
        break
    d = json.loads(subprocess.run([sys.argv[2], "--db", sys.argv[3], "case", "show", str(c["id"]), "--json"],
                                  check=True, capture_output=True).stdout)
    evs = [e for e in d["events"] if e["effective"]]
    if any(e["reason"] for e in evs):
        want.discard("reason")
    for i, e in enumerate(evs):
        if e["type"] == "decision" and e["code"] in ("filed", "unknown_author") and \
           any(x["type"] == "investigation" for x in evs[i + 1:]):
            want.discard("reopened")
    if any(e["supersedes"] and not e["retracts"] for e in d["events"]):
        want.discard("correction")
    if any(e["retracts"] for e in d["events"]):
        want.discard("retraction")
assert not want, want
EOF
expect_out "case list prints the demo's table" "tpi-" himaya --db "$db1" case list

# --- an empty database only ---
expect_err "demo twice is refused" 1 "already holds demo data \(120 cases\)" himaya --db "$db1" demo
check "... and adds nothing" [ "$(himaya --db "$db1" case list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')" = 120 ]
db4=$(new_db)
himaya --db "$db4" case open --court tpi-sale --number 1 --date 2022-01-01 --body dgsn --subject other --platform cps >/dev/null
expect_err "demo on a database with real cases is refused" 1 "already holds 1 cases" himaya --db "$db4" demo
expect_err "demo before init" 2 "init' first" himaya --db "$TEST_DIR/none.db" demo
expect_err "--cases out of range" 1 "--cases: 0 is out of range" himaya --db "$db4" demo --cases 0
expect_err "--seed not a number" 1 "--seed: 'abc' is not a whole number" himaya --db "$db4" demo --seed abc
expect_err "demo takes no argument" 2 "takes no argument" himaya --db "$db4" demo now
himaya --db "$(new_db)" demo --cases 40 --seed 3 --json >"$TEST_DIR/demo.json" 2>"$ERR"
check "demo --json reports what it made" python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
assert d["cases"] == 40 and d["seed"] == 3 and sum(d["stages"].values()) == 40 and d["events"] > 40
' "$TEST_DIR/demo.json"

# --referrals: a referral behind each case from a platform, and N more
# without a case, linked into subjects, with what triage must show.
export HIMAYA_TODAY=2026-03-15
dbr=$(new_db)
himaya --db "$dbr" demo --cases 40 --referrals 30 --json >"$TEST_DIR/ref.json" 2>"$ERR"
check "demo --referrals reports the referrals and subjects" python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
assert d["referrals"] == d["referrals_linked_to_cases"] + 30, d
assert 0 < d["referrals_linked_to_cases"] <= 40, d
assert d["subjects"] < d["referrals"], d
' "$TEST_DIR/ref.json"
himaya --db "$dbr" referral list --json >"$TEST_DIR/refs.json" 2>"$ERR"
check "the referrals are stored, those behind cases linked" python3 -c '
import json,sys
r = json.load(open(sys.argv[1]))["referrals"]
d = json.load(open(sys.argv[2]))
assert len(r) == d["referrals"]
assert sum(1 for x in r if x["case_id"]) == d["referrals_linked_to_cases"]
assert {x["platform"] for x in r} == {"ncmec", "cps"}
' "$TEST_DIR/refs.json" "$TEST_DIR/ref.json"
himaya --db "$dbr" triage --json >"$TEST_DIR/triage.json" 2>"$ERR"
check "the triage queue holds the referrals without a case, with its traps" python3 -c '
import json,sys
s = json.load(open(sys.argv[1]))["subjects"]
assert len(s) > 0
routes = {x["route"] for x in s}
assert "proposed" in routes and "no_location" in routes, routes
assert any(x["escalated"] for x in s), "no escalation"
assert {x["retention"] for x in s} >= {"open", "near"}, "no deadline near"
assert any(x["referrals"] > 1 for x in s), "no subject of several referrals"
' "$TEST_DIR/triage.json"
dbr2=$(new_db)
himaya --db "$dbr2" demo --cases 40 --referrals 30 >/dev/null 2>&1
himaya --db "$dbr2" referral list --json >"$TEST_DIR/refs2.json" 2>"$ERR"
check "the same seed and day give the same referrals" cmp -s "$TEST_DIR/refs.json" "$TEST_DIR/refs2.json"
expect_err "--referrals out of range" 1 "--referrals: -1 is out of range" himaya --db "$(new_db)" demo --referrals -1
unset HIMAYA_TODAY

done_testing
