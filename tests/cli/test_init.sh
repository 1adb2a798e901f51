# End-to-end: global options, exit statuses, `init` and `court list`.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2025-12-31
db=$(empty_db) || exit 1

# pyjson FILE EXPR: a Python expression over the JSON document d of FILE.
pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# --- global options and usage errors (exit 2) ---
expect_out "--help prints the commands" 'case event ID TYPE' himaya --help
expect_out "--help documents HIMAYA_TODAY" 'HIMAYA_TODAY' himaya --help
expect_out "--version" '^himaya [0-9]' himaya --version
expect_err "no command is a usage error" 2 'no command given' himaya --db "$db"
expect_err "unknown command is a usage error" 2 "unknown command 'frobnicate'" himaya --db "$db" frobnicate
expect_err "unknown global option" 2 "unknown option '--colour'" himaya --colour init
expect_err "--db without a value" 2 "needs a value" himaya --db
expect_err "bad --lang" 2 "not a language" himaya --lang de --db "$db" init
expect_err "bad HIMAYA_LANG" 2 "HIMAYA_LANG" env HIMAYA_LANG=xx "$HIMAYA" --db "$db" init
expect_err "bad HIMAYA_TODAY" 2 "HIMAYA_TODAY: '2025-02-30'" env HIMAYA_TODAY=2025-02-30 "$HIMAYA" --db "$db" init
expect_err "usage errors print a hint" 2 "try 'himaya --help'" himaya --db "$db" case open --court tpi-rabat
expect_err "court without subcommand" 2 "which subcommand" himaya --db "$db" court
expect_err "case with unknown subcommand" 2 "unknown subcommand 'close'" himaya --db "$db" case close

# --- a database must be initialised before use ---
expect_err "court list before init: exit 2" 2 "run 'himaya --db .* init' first" himaya --db "$db" court list
if is_pg; then
	check "... and no court was loaded" [ "$(sql "$db" "SELECT count(*) FROM courts")" = 0 ]
else
	check "... and no database file was created" [ ! -e "$db" ]
fi
expect_err "missing data directory: exit 2" 2 "cannot open .*courts.tsv" himaya --db "$db" --data-dir "$TEST_DIR/nowhere" init

# --- init, twice ---
expect_out "init creates and loads" 'courts: [1-9][0-9]* added' himaya --db "$db" init
expect_out "init reports the vocabulary" 'vocabulary: [0-9]+ added' himaya --db "$db" init
expect_out "init again adds nothing" 'courts: 0 added, 0 updated' himaya --db "$db" init
himaya --db "$db" init --json >"$TEST_DIR/init.json" 2>"$ERR"
check "init --json is the sync report" [ "$(pyjson "$TEST_DIR/init.json" 'd["courts_added"], d["vocab_added"], d["court_terms"] > 100')" = "0 0 True" ]
expect_out "HIMAYA_DB names the database" 'courts: 0 added' env HIMAYA_DB="$db" "$HIMAYA" init
if is_pg; then
	check "the schema is at the newest migration" [ "$(sql "$db" 'SELECT max(version) FROM schema_version')" -ge 6 ]
	# Two processes starting together on a new database: the advisory lock
	# lets one migrate while the other waits; both succeed, one schema.
	db2=$(empty_db) || exit 1
	himaya --db "$db2" init >"$TEST_DIR/a.out" 2>&1 & pa=$!
	himaya --db "$db2" init >"$TEST_DIR/b.out" 2>&1 & pb=$!
	wait $pa; sa=$?
	wait $pb; sb=$?
	check "two inits at once both succeed" [ "$sa.$sb" = 0.0 ]
	check "... and each migration is recorded once" \
		[ "$(sql "$db2" 'SELECT count(*) = count(DISTINCT version) FROM schema_version')" = t ]
else
	expect_out "sqlite: URLs are accepted" 'courts: 0 added' himaya --db "sqlite:$db" init
fi
expect_err "an unreachable PostgreSQL is a clear error" 2 "cannot connect to PostgreSQL" \
	himaya --db "postgresql://himaya@127.0.0.1:1/nowhere?connect_timeout=2" init

# --- court list ---
expect_out "court list shows Rabat's district" 'tpi-sale' himaya --db "$db" court list --on 2022-06-30
expect_out "court list in French" "Tribunal de première instance de Salé" himaya --db "$db" --lang fr court list
expect_out "court list in Arabic by default" "المحكمة الابتدائية بسلا" himaya --db "$db" court list
himaya --db "$db" court list --on 2022-06-30 --json >"$TEST_DIR/map2022.json" 2>"$ERR"
check "court list --json parses with the date" [ "$(pyjson "$TEST_DIR/map2022.json" 'd["on"]')" = "2022-06-30" ]
check "22 Courts of Appeal on 2022-06-30 (decree 2.17.688)" \
	[ "$(pyjson "$TEST_DIR/map2022.json" 'sum(1 for c in d["courts"] if c["kind"] == "appeal")')" = 22 ]
check "every First Instance Court names its Court of Appeal" \
	[ "$(pyjson "$TEST_DIR/map2022.json" 'all(c["appeal_court"] for c in d["courts"] if c["kind"] == "first")')" = True ]
check "each court has both names" \
	[ "$(pyjson "$TEST_DIR/map2022.json" 'all(c["name_ar"] and c["name_fr"] for c in d["courts"])')" = True ]
check "tpi-dakhla is in ca-laayoune's district in 2022" \
	[ "$(pyjson "$TEST_DIR/map2022.json" '[c["appeal_court"] for c in d["courts"] if c["code"] == "tpi-dakhla"][0]')" = ca-laayoune ]
himaya --db "$db" court list --on 2024-06-30 --json >"$TEST_DIR/map2024.json" 2>"$ERR"
check "23 Courts of Appeal in 2024 (decree 2.23.665)" \
	[ "$(pyjson "$TEST_DIR/map2024.json" 'sum(1 for c in d["courts"] if c["kind"] == "appeal")')" = 23 ]
check "tpi-dakhla is in ca-dakhla's district in 2024" \
	[ "$(pyjson "$TEST_DIR/map2024.json" '[c["appeal_court"] for c in d["courts"] if c["code"] == "tpi-dakhla"][0]')" = ca-dakhla ]
himaya --db "$db" court list --district ca-rabat --json >"$TEST_DIR/rabat.json" 2>"$ERR"
check "--district lists one district, its Court of Appeal first" \
	[ "$(pyjson "$TEST_DIR/rabat.json" 'd["courts"][0]["code"], all(c["code"] == "ca-rabat" or c["appeal_court"] == "ca-rabat" for c in d["courts"])')" = "ca-rabat True" ]
expect_err "--district must be a Court of Appeal" 1 "not a Court of Appeal" himaya --db "$db" court list --district tpi-sale
expect_err "ca-dakhla did not exist in 2022" 1 "not a Court of Appeal on 2022-06-30" himaya --db "$db" court list --district ca-dakhla --on 2022-06-30
expect_err "court list --on must be a date" 1 "--on: '2022-02-30' is not a date" himaya --db "$db" court list --on 2022-02-30
expect_err "court list takes no argument" 2 "takes no argument" himaya --db "$db" court list extra

done_testing
