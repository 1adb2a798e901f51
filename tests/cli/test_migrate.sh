# End-to-end: `himaya migrate` - a court's SQLite database (the demo data
# set, referral imports, a linked referral, a user, a correction) copied
# into another database: SQLite here, PostgreSQL when HIMAYA_TEST_PG is set
# (new_db). The copy must read back as the source does; a second run copies
# nothing; a run killed mid-way and run again finishes without doubling;
# new work on the source is carried by the next run; the audit chain of
# the destination verifies; a conflicting user and a broken source chain
# are refused.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2025-07-01
fx="$(cd "$(dirname "$0")/../fixtures" && pwd)"

pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# A case as JSON, with what is the database's own (its id, its version
# counter, event ids) replaced by what it means (an event's place in the
# case's history), so that a case and its copy compare equal.
normalise_case() {
	python3 - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
pos = {e["id"]: i for i, e in enumerate(d["events"])}
def walk(x):
    if isinstance(x, dict):
        for k, v in list(x.items()):
            if k in ("id", "version") and x is d:
                del x[k]
            elif k in ("supersedes", "superseded_by", "event_id", "decision_event_id", "id") and isinstance(v, int):
                x[k] = pos.get(v, "?")
            else:
                walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(d)
print(json.dumps(d, sort_keys=True, ensure_ascii=False))
EOF
}

# The case list without what each database numbers its own way: version
# counters and the ids of the events behind each outcome (the histories
# themselves are compared with normalise_case).
normalise_list() {
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
def walk(x):
    if isinstance(x, dict):
        for k in ('version', 'event_id', 'decision_event_id'):
            x.pop(k, None)
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(d)
print(json.dumps(d, sort_keys=True, ensure_ascii=False))" "$1"
}

# A referral as JSON without what the destination stores anew: its id, its
# fingerprint (a lead's is a chain of its imported rows), when it was
# stored, the revisions of the imports behind it; its case by court and
# file number.
normalise_referral() {
	python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
for k in ('id', 'fingerprint', 'created_at', 'updated_at', 'revisions', 'case_id'):
    d.pop(k, None)
c = d.get('case')
if isinstance(c, dict):
    d['case'] = [c.get('court'), c.get('file_number')]
print(json.dumps(d, sort_keys=True, ensure_ascii=False))" "$1"
}

# --- the court's database ---
src="$TEST_DIR/court.db"
himaya --db "$src" init >/dev/null 2>&1
himaya --db "$src" demo --seed 2021 >/dev/null 2>&1
check "source: the demo data set" [ "$(sqlite3 "$src" 'SELECT count(*) FROM cases')" = 120 ]
himaya --db "$src" import ncmec "$fx/import/reports.xml" >/dev/null 2>&1
himaya --db "$src" import cps "$fx/cps/detections.csv" >/dev/null 2>&1
check "source: six referrals" [ "$(sqlite3 "$src" 'SELECT count(*) FROM referrals')" = 6 ]
himaya --db "$src" case link-referral 1 cps:L-100 >/dev/null 2>&1
check "source: a referral linked" [ "$(sqlite3 "$src" 'SELECT count(*) FROM referral_cases')" = 1 ]
printf 'a long pass phrase here\n' | himaya --db "$src" user add salma --role court --court tpi-sale --password-stdin >/dev/null 2>&1
check "source: a user" [ "$(sqlite3 "$src" 'SELECT count(*) FROM users')" = 1 ]
judgment=$(sqlite3 "$src" "SELECT id FROM case_events WHERE case_id = 1 AND type = 'judgment'")
jdate=$(sqlite3 "$src" "SELECT date FROM case_events WHERE id = $judgment")
fix=$(himaya --db "$src" case event 1 correction --supersedes "$judgment" --date "$jdate" \
	--outcome conviction --prison-months 18 --suspended-months 6 --fine 5000 --note "خطأ مادي" 2>"$ERR")
check "source: a correction recorded" [ -n "$fix" ]
src_events=$(sqlite3 "$src" 'SELECT count(*) FROM case_events')
src_audit=$(sqlite3 "$src" 'SELECT count(*) FROM audit')

# --- usage ---
dst=$(new_db)
expect_err "no --to: exit 2" 2 'needs --from and --to' himaya migrate --from "sqlite:$src"
expect_err "a source that does not exist: exit 2" 2 'does not exist' himaya migrate --from "sqlite:$TEST_DIR/nope.db" --to "$dst"
check "... and it was not created" [ ! -e "$TEST_DIR/nope.db" ]
expect_err "the same database twice: exit 2" 2 'same database' himaya migrate --from "$src" --to "$src"
expect_out "migrate --help" 'migrate --from sqlite:PATH --to URL' himaya migrate --help

# --- the first run ---
himaya migrate --from "sqlite:$src" --to "$dst" --json >"$TEST_DIR/m1.json" 2>"$ERR"
check "migrate: exit 0" [ $? -eq 0 ]
check "it copied every case, event, referral, link and user" \
	[ "$(pyjson "$TEST_DIR/m1.json" 'd["cases"]["copied"], d["events"]["copied"], d["referrals"]["copied"], d["links"]["copied"], d["users"]["copied"], d["refused"]')" = \
	"120 $src_events 6 1 1 []" ]
check "... and every audit entry of the source" [ "$(pyjson "$TEST_DIR/m1.json" 'd["audit"]["copied"], d["audit_up_to"]')" = "$src_audit $src_audit" ]
check "nothing was there before" [ "$(pyjson "$TEST_DIR/m1.json" 'd["cases"]["present"] + d["events"]["present"] + d["referrals"]["present"] + d["users"]["present"]')" = 0 ]
check "events in the destination: as many as in the source" [ "$(sql "$dst" 'SELECT count(*) FROM case_events')" = "$src_events" ]

# --- a second run copies nothing (before anything reads the source: a
# read of a case is audited, and the next run would carry that entry) ---
himaya migrate --from "sqlite:$src" --to "$dst" --json >"$TEST_DIR/m2.json" 2>"$ERR"
check "run again: exit 0" [ $? -eq 0 ]
check "run again: nothing copied" [ "$(pyjson "$TEST_DIR/m2.json" 'sum(d[k]["copied"] for k in ("users", "cases", "events", "referrals", "links", "difficulties", "audit"))')" = 0 ]
check "run again: everything already there" [ "$(pyjson "$TEST_DIR/m2.json" 'd["cases"]["present"], d["events"]["present"], d["referrals"]["present"], d["users"]["present"], d["links"]["present"], d["audit"]["present"]')" = \
	"120 $src_events 6 1 1 $src_audit" ]
check "run again: no case or event doubled" [ "$(sql "$dst" 'SELECT count(*) FROM cases'),$(sql "$dst" 'SELECT count(*) FROM case_events')" = "120,$src_events" ]

# --- into a copy of the source (its database id, drawn by the first run, is
# in the copy too) ---
sqlite3 "$src" ".backup '$TEST_DIR/copy.db'"
expect_err "into a copy of the source itself: exit 2" 2 'source database itself, or a copy of it' \
	himaya migrate --from "sqlite:$src" --to "$TEST_DIR/copy.db"
check "... which is left as it was" [ "$(sqlite3 "$TEST_DIR/copy.db" 'SELECT count(*) FROM audit')" = "$src_audit" ]

# --- the copy reads back as the source ---
same_output() {
	himaya --db "$src" "$@" >"$TEST_DIR/a.out" 2>"$ERR" && himaya --db "$dst" "$@" >"$TEST_DIR/b.out" 2>>"$ERR" &&
		cmp -s "$TEST_DIR/a.out" "$TEST_DIR/b.out"
}
himaya --db "$src" case list --json >"$TEST_DIR/a.json" 2>"$ERR"
himaya --db "$dst" case list --json >"$TEST_DIR/b.json" 2>>"$ERR"
check "case list --json: the same cases, states and codes" [ "$(normalise_list "$TEST_DIR/a.json")" = "$(normalise_list "$TEST_DIR/b.json")" ]
check "the circular's table (CSV, whole period): identical" same_output table --national --from 2021-01-01 --to 2025-06-30 --format csv
check "the table of one court for 2022: identical" same_output table --court tpi-sale --year 2022 --format csv
check "referral list --json: identical" same_output referral list --json
himaya --db "$src" referral show cps:L-100 --json >"$TEST_DIR/a.json" 2>"$ERR"
himaya --db "$dst" referral show cps:L-100 --json >"$TEST_DIR/b.json" 2>>"$ERR"
check "referral show of the linked lead: the same content and case" \
	[ "$(normalise_referral "$TEST_DIR/a.json")" = "$(normalise_referral "$TEST_DIR/b.json")" ]
check "statistics by court and stage: identical" same_output stats --national --by court,stage --json
check "user list: identical" same_output user list --json
new1=$(sql "$dst" "SELECT id FROM cases WHERE court = '$(sqlite3 "$src" 'SELECT court FROM cases WHERE id = 1')' AND file_number = '$(sqlite3 "$src" 'SELECT file_number FROM cases WHERE id = 1')'")
himaya --db "$src" case show 1 --json >"$TEST_DIR/a.json" 2>"$ERR"
himaya --db "$dst" case show "$new1" --json >"$TEST_DIR/b.json" 2>>"$ERR"
check "the corrected case: same history, the correction pointing at the copy of its judgment" \
	[ "$(normalise_case "$TEST_DIR/a.json")" = "$(normalise_case "$TEST_DIR/b.json")" ]
check "... whose sentence is the corrected one" [ "$(pyjson "$TEST_DIR/b.json" 'd["first_instance"]["sentence"]["prison_months"]')" = 18 ]
check "the recorded times and names are the source's" [ "$(pyjson "$TEST_DIR/a.json" '[(e["recorded_at"], e["recorded_by"]) for e in d["events"]]')" = \
	"$(pyjson "$TEST_DIR/b.json" '[(e["recorded_at"], e["recorded_by"]) for e in d["events"]]')" ]
check "the user keeps the password hash and TOTP secret" \
	[ "$(sqlite3 "$src" "SELECT password_hash || totp_secret FROM users WHERE name = 'salma'")" = "$(sql "$dst" "SELECT password_hash || totp_secret FROM users WHERE name = 'salma'")" ]
expect_out "the destination's audit chain verifies" '"ok": true' himaya --db "$dst" audit verify --json
himaya --db "$dst" audit list --json >"$TEST_DIR/audit.json" 2>"$ERR"
check "each run is recorded, the first with its counts" [ "$(pyjson "$TEST_DIR/audit.json" '[e["detail"].split(";")[0] for e in d["entries"] if e["action"] == "migrate"]')" = \
	"['migrate from sqlite:$src: 120 cases, $src_events events, 6 referrals, 1 users, 0 difficulties, $src_audit audit entries', 'migrate from sqlite:$src: 0 cases, 0 events, 0 referrals, 0 users, 0 difficulties, 0 audit entries']" ]
check "moved entries keep their time, actor and action, and say where they come from" \
	[ "$(pyjson "$TEST_DIR/audit.json" '[(e["at"], e["actor"], e["action"]) for e in d["entries"] if "[moved from sqlite:'"$src"' #1]" in e["detail"]]')" = \
	"$(sqlite3 "$src" "SELECT '[(''' || at || ''', ''' || actor || ''', ''' || action || ''')]' FROM audit WHERE id = 1")" ]
check "a moved case entry names the case's id in the destination" \
	[ "$(pyjson "$TEST_DIR/audit.json" 'sorted(set(e["object"] for e in d["entries"] if "[moved from" in e["detail"] and "event '"$fix"' judgment" in e["detail"]))')" = "['case:$new1']" ]

# --- the summary in text ---
expect_out "the text summary, in Arabic first" 'القضايا: 0 منقول، 120 موجود من قبل' himaya migrate --from "sqlite:$src" --to "$dst"
expect_out "and in French" 'affaires: 0 copiés, 120 déjà présents' himaya --lang fr migrate --from "sqlite:$src" --to "$dst"

# --- the court goes on working; the next run carries only the new work ---
base_audit=$(sqlite3 "$src" 'SELECT count(*) FROM audit')
himaya --db "$src" case event 2 investigation --date 2025-06-30 >/dev/null 2>"$ERR" ||
	himaya --db "$src" case open --court tpi-sale --number 2025/9/9 --date 2025-06-30 --body dgsn \
		--subject csam_distribution --platform ncmec --suspects 1 >/dev/null 2>>"$ERR"
himaya --db "$src" case open --court tpi-sale --number 2025/9/10 --date 2025-06-30 --body dgsn \
	--subject csam_distribution --platform ncmec --suspects 1 >/dev/null 2>>"$ERR"
check "source: new work recorded" [ "$(sqlite3 "$src" 'SELECT count(*) FROM cases')" -ge 121 ]
new_audit=$(( $(sqlite3 "$src" 'SELECT count(*) FROM audit') - base_audit ))
new_cases=$(( $(sqlite3 "$src" 'SELECT count(*) FROM cases') - 120 ))
new_events=$(( $(sqlite3 "$src" 'SELECT count(*) FROM case_events') - src_events ))
himaya migrate --from "sqlite:$src" --to "$dst" --json >"$TEST_DIR/m3.json" 2>"$ERR"
check "the next run copies exactly the new cases, events and audit entries" \
	[ "$(pyjson "$TEST_DIR/m3.json" 'd["cases"]["copied"], d["events"]["copied"], d["audit"]["copied"]')" = "$new_cases $new_events $new_audit" ]
expect_out "the chain still verifies" '"ok": true' himaya --db "$dst" audit verify --json

# --- a run killed mid-way, then run again ---
dst2=$(new_db)
HIMAYA_MIGRATE_STOP_AFTER=50 "$HIMAYA" migrate --from "sqlite:$src" --to "$dst2" >"$OUT" 2>"$ERR"
check "a run killed after 50 cases dies (SIGKILL)" [ $? -eq 137 ]
check "... leaving exactly the 50 committed cases" [ "$(sql "$dst2" 'SELECT count(*) FROM cases')" = 50 ]
himaya migrate --from "sqlite:$src" --to "$dst2" --json >"$TEST_DIR/m4.json" 2>"$ERR"
check "run again after the kill: exit 0" [ $? -eq 0 ]
total_cases=$(sqlite3 "$src" 'SELECT count(*) FROM cases')
check "... copies the rest and finds the 50" [ "$(pyjson "$TEST_DIR/m4.json" 'd["cases"]["copied"], d["cases"]["present"]')" = "$((total_cases - 50)) 50" ]
check "... with no case or event doubled" \
	[ "$(sql "$dst2" 'SELECT count(*) FROM cases'),$(sql "$dst2" 'SELECT count(*) FROM case_events')" = "$total_cases,$(sqlite3 "$src" 'SELECT count(*) FROM case_events')" ]
check "... and the same table as the source" sh -c "'$HIMAYA' --db '$src' table --national --from 2021-01-01 --to 2025-06-30 --format csv >'$TEST_DIR/c.out' &&
	'$HIMAYA' --db '$dst2' table --national --from 2021-01-01 --to 2025-06-30 --format csv | cmp -s - '$TEST_DIR/c.out'"
expect_out "its audit chain verifies" '"ok": true' himaya --db "$dst2" audit verify --json

# --- a user of the same name with other secrets: the destination's is kept ---
dst3=$(new_db)
printf 'another long pass phrase\n' | himaya --db "$dst3" user add salma --role court --court tpi-rabat --password-stdin >/dev/null 2>&1
before=$(sql "$dst3" "SELECT password_hash || totp_secret || court FROM users WHERE name = 'salma'")
expect_err "a conflicting user: exit 1, named with the reason" 1 'user salma: a different account with this name exists' \
	himaya --lang en migrate --from "sqlite:$src" --to "$dst3"
check "... the destination's account is unchanged" [ "$(sql "$dst3" "SELECT password_hash || totp_secret || court FROM users WHERE name = 'salma'")" = "$before" ]
check "... and the rest was copied" [ "$(sql "$dst3" 'SELECT count(*) FROM cases')" = "$total_cases" ]

# --- a broken source chain stops everything ---
broken="$TEST_DIR/broken.db"
sqlite3 "$src" ".backup '$broken'"
sqlite3 "$broken" "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'rewritten' WHERE id = 5"
dst4=$(new_db)
expect_err "a source whose audit chain is broken: exit 1, naming the entry" 1 'broken at entry #5' \
	himaya migrate --from "sqlite:$broken" --to "$dst4"
check "... and nothing was copied" [ "$(sql "$dst4" 'SELECT count(*) FROM cases'),$(sql "$dst4" 'SELECT count(*) FROM users')" = "0,0" ]

done_testing
