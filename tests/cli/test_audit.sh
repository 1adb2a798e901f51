# End-to-end: the audit log of the command line - case writes and reads
# attributed to HIMAYA_ACTOR, refused writes leave no entry, `audit list`
# filters and pages, `audit verify` passes on an intact chain and names
# the first broken entry after the database is edited behind its back.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2025-12-31
# A database made here, not copied from the test run's template (whose own
# init would be a second entry): the counts below start from one entry.
db=$(empty_db)
"$HIMAYA" --db "$db" init >/dev/null 2>&1 || echo "# init failed" >&2

pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
actions() { python3 -c 'import json,sys; print(",".join(e["actor"]+":"+e["action"] for e in json.load(sys.stdin)["entries"]))'; }

expect_out "a fresh database verifies" 'audit log intact: 1 entries' himaya --db "$db" --lang en audit verify
expect_out "init is audited as the reference sync, by cli" 'cli	reference_sync	reference' himaya --db "$db" audit list

# --- writes and reads ---
export HIMAYA_ACTOR=alice
expect_out "alice opens a case" '^1$' himaya --db "$db" case open --court tpi-sale --number 2022/2105/17 \
	--date 2022-03-01 --body dgsn --subject csam_distribution --platform ncmec
expect "alice records an investigation" 0 himaya --db "$db" case event 1 investigation --date 2022-03-02
expect "a judgment before a decision is refused" 1 himaya --db "$db" case event 1 judgment --date 2022-03-03 \
	--outcome conviction --prison-months 12 --suspended-months 0 --fine 0
HIMAYA_ACTOR=bob himaya --db "$db" case show 1 >/dev/null 2>"$ERR"
check "bob's read of the case is audited" [ "$(himaya --db "$db" audit list --case 1 --json | actions)" = \
	"alice:case_write,alice:case_write,bob:case_read" ]
himaya --db "$db" audit list --case 1 --json >"$TEST_DIR/case1.json" 2>"$ERR"
check "the details say what was written" [ "$(pyjson "$TEST_DIR/case1.json" 'd["entries"][0]["detail"], "|", d["entries"][1]["detail"]')" = \
	"open tpi-sale 2022/2105/17 | event 1 investigation 2022-03-02" ]
check "each entry holds the previous one's hash" [ "$(pyjson "$TEST_DIR/case1.json" \
	'd["entries"][1]["prev_hash"] == d["entries"][0]["hash"] and len(d["entries"][0]["hash"]) == 64')" = True ]
expect_out "--user filters by actor" '^bob:case_read$' sh -c "\"$HIMAYA\" --db '$db' audit list --user bob --json | python3 -c '$(echo 'import json,sys; print(",".join(e["actor"]+":"+e["action"] for e in json.load(sys.stdin)["entries"]))')'"
expect_out "--since today lists them" '"count": 4' himaya --db "$db" audit list --since "$(date -u +%Y-%m-%d)" --json
expect_out "--since a future day lists none" '"count": 0' himaya --db "$db" audit list --since 2999-01-01 --json
expect_out "paging: --after and --limit" '"last_id": 3' himaya --db "$db" audit list --after 1 --limit 2 --json
expect_err "a bad date is refused" 1 'since' himaya --db "$db" audit list --since 2022-02-30
expect_err "a bad case id is refused" 1 'case' himaya --db "$db" audit list --case abc
expect_err "HIMAYA_ACTOR must be a name" 2 'HIMAYA_ACTOR' env HIMAYA_ACTOR="$(printf 'a\001b')" "$HIMAYA" --db "$db" case show 1

himaya --db "$db" audit verify --json >"$TEST_DIR/v.json" 2>"$ERR"
check "verify --json: ok, 4 entries, the last hash" [ "$(pyjson "$TEST_DIR/v.json" 'd["ok"], d["checked"], d["last_id"], len(d["last_hash"])')" = "True 4 4 64" ]

# --- tampering ---
# The same attack in each backend's dialect: whoever owns the database
# removes the append-only triggers and edits the log behind Himaya's back.
refused() { ! sql "$1" "$2" >/dev/null 2>&1; }
if is_pg; then
	no_update="ALTER TABLE audit DISABLE TRIGGER audit_append_only"
	no_delete=$no_update
	copy="${db%/*}/${db##*/}_copy"
	copy_db() { psql "$HIMAYA_TEST_PG" -qAt -c "CREATE DATABASE \"${copy##*/}\" TEMPLATE \"${db##*/}\"" >/dev/null; }
else
	no_update="DROP TRIGGER audit_no_update"
	no_delete="DROP TRIGGER audit_no_delete"
	copy="$TEST_DIR/copy.db"
	copy_db() { cp "$db" "$copy"; }
fi
check "the log refuses UPDATE" refused "$db" "UPDATE audit SET actor = 'x' WHERE id = 2"
check "the log refuses DELETE" refused "$db" "DELETE FROM audit WHERE id = 2"
if is_pg; then
	check "the log refuses TRUNCATE" refused "$db" "TRUNCATE audit"
fi
expect "still intact" 0 himaya --db "$db" audit verify
check "a copy of the database" copy_db
check "the triggers removed, entry 2 rewritten" sql "$db" "$no_update; UPDATE audit SET actor = 'mallory' WHERE id = 2"
expect_err "a rewritten entry is named" 1 'audit entry 2 is broken' himaya --db "$db" audit verify
himaya --db "$db" audit verify --json >"$TEST_DIR/bad.json" 2>"$ERR"
check "verify --json names it too" [ "$(pyjson "$TEST_DIR/bad.json" 'd["ok"], d["first_broken"]')" = "False 2" ]
check "on the copy, entry 3 removed" sql "$copy" "$no_delete; DELETE FROM audit WHERE id = 3"
expect_err "a removed entry is named by its successor" 1 'audit entry 4 is broken' himaya --db "$copy" audit verify
expect_err "a subcommand is needed" 2 'subcommand' himaya --db "$db" audit

done_testing
