# End-to-end: `himaya import backfill`, the 2021/2022 statistics as the
# courts kept them: messy spellings, bad rows around good ones (exit 1),
# re-import, a mapping added between two runs, --court/--year, JSON.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2024-10-04
db=$(new_db)
fx="$(cd "$(dirname "$0")/../fixtures/backfill" && pwd)"
data="$(cd "$(dirname "$0")/../../data" && pwd)"

# pyjson FILE EXPR: a Python expression over the JSON document d of FILE.
pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

count_cases() {
	himaya --db "$1" case list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'
}

# --- usage (exit 2) ---
expect_out "import backfill --help" 'FILE.csv\|FILE.xlsx' himaya --db "$db" import backfill --help
expect_err "import without a kind" 2 'which kind' himaya --db "$db" import
expect_err "an unknown kind" 2 "unknown kind 'tips'" himaya --db "$db" import tips x.csv
expect_err "no file" 2 'which file' himaya --db "$db" import backfill
expect_err "two files" 2 'one too many' himaya --db "$db" import backfill a.csv b.csv
expect_err "bad --year" 2 'year' himaya --db "$db" import backfill "$fx/messy.csv" --year 20x1
expect_err "unknown --court" 2 'not a court' himaya --db "$db" import backfill "$fx/messy.csv" --court tpi-paris
expect_err "missing file: exit 2" 2 'no-such.csv' himaya --db "$db" import backfill "$fx/no-such.csv"
expect_err "not the template: exit 2" 2 'no header row' himaya --db "$db" import backfill "$fx/not-a-table.csv"
expect_err "a broken mappings file: exit 2" 2 'm.tsv:1:' sh -c "printf 'body\tx\tplanet\tdgsn\n' >'$TEST_DIR/m.tsv'; \"\$HIMAYA\" --db '$db' import backfill '$fx/messy.csv' --mappings '$TEST_DIR/m.tsv'"
check "... and nothing was imported" [ "$(count_cases "$db")" = 0 ]

# --- messy spellings: every row maps ---
expect_out "messy spellings import (exit 0)" 'read 8, imported 8, duplicates 0, rejected 0' \
	himaya --db "$db" import backfill "$fx/messy.csv"
check "eight cases" [ "$(count_cases "$db")" = 8 ]
himaya --db "$db" case list --court tpi-rabat --json >"$TEST_DIR/rabat.json" 2>"$ERR"
check "the whole chain of a row: decision, judgment, appeal, cassation" \
	[ "$(pyjson "$TEST_DIR/rabat.json" '[c["stage"] for c in d["cases"] if c["file_number"] == "2021/12"][0]')" = cassation_ruled ]
himaya --db "$db" table --court tpi-sale --format json >"$TEST_DIR/sale.json" 2>"$ERR"
check "NECMEC and Eastern digits come out as codes in the table" \
	[ "$(pyjson "$TEST_DIR/sale.json" 'sorted(r["file_number"] for r in d["rows"])[0:2]')" = "['2022/2106/154', '2022/2106/155']" ]

check "a decision the table gives no date for shows none (not an invented one)" \
	[ "$(pyjson "$TEST_DIR/sale.json" '[r["decision_date"] for r in d["rows"] if r["file_number"] == "2022/2106/154"][0]')" = None ]
check "... while the registration date written in the row is kept" \
	[ "$(pyjson "$TEST_DIR/sale.json" '[r["registered"] for r in d["rows"] if r["file_number"] == "2022/2106/154"][0]')" = 2022-03-15 ]
himaya --db "$db" stats --court tpi-sale --json >"$TEST_DIR/sale-stats.json" 2>"$ERR"
check "undated decisions stay out of the median delay" \
	[ "$(pyjson "$TEST_DIR/sale-stats.json" 'd["medians"]["registration_to_decision"]["cases"]')" = 0 ]

# --- again: nothing twice ---
himaya --db "$db" import backfill "$fx/messy.csv" --json >"$TEST_DIR/again.json" 2>"$ERR"
check "re-import: exit 0" [ $? -eq 0 ]
check "re-import adds nothing" [ "$(pyjson "$TEST_DIR/again.json" 'd["read"], d["imported"], d["duplicates"], d["rejected"]')" = "8 0 8 0" ]
check "still eight cases" [ "$(count_cases "$db")" = 8 ]

# --- bad rows: rejected alone, exit 1 ---
db2=$(new_db)
expect_err "bad rows: exit 1, FILE:LINE: column: reason" 1 'bad.csv:5: استئنافيا: ' \
	himaya --db "$db2" import backfill "$fx/bad.csv"
expect_err "the wrong field count is named" 1 'bad.csv:3: the row has 5 fields' \
	himaya --db "$db2" import backfill "$fx/bad.csv"
expect_err "invalid UTF-8 is reported" 1 'bad.csv:6: الجهة المكلفة بالبحث: not valid UTF-8' \
	himaya --db "$db2" import backfill "$fx/bad.csv"
check "the good rows around them are kept" [ "$(count_cases "$db2")" = 2 ]
himaya --db "$db2" import backfill "$fx/bad.csv" --json >"$TEST_DIR/bad.json" 2>"$ERR"
check "--json summary counts" [ "$(pyjson "$TEST_DIR/bad.json" 'd["read"], d["imported"], d["duplicates"], d["rejected"]')" = "9 0 2 7" ]
check "--json lists the unmapped value once, with its count" \
	[ "$(pyjson "$TEST_DIR/bad.json" '[(u["column"], u["value"], u["count"]) for u in d["unmapped"] if u["count"] == 2]')" = "[('موضوع الإشعار', 'سرقة هاتف', 2)]" ]
check "--json errors carry file, line, column, reason" \
	[ "$(pyjson "$TEST_DIR/bad.json" 'sorted(d["errors"][0].keys()), d["errors"][0]["line"], d["errors"][0]["column"]')" = "['column', 'file', 'line', 'reason'] 3 None" ]
check "invalid bytes never reach the output" sh -c "! grep -q \"\$(printf '\\351')\" '$TEST_DIR/bad.json'"

# --- a mapping added between two runs ---
db3=$(new_db)
cp "$data/backfill-mappings.tsv" "$TEST_DIR/mappings.tsv"
expect_err "an unmapped body holds its row back" 1 'unmapped value «مصلحة مكافحة الجرائم المعلوماتية»' \
	himaya --db "$db3" import backfill "$fx/unmapped.csv" --mappings "$TEST_DIR/mappings.tsv"
printf 'body\tمصلحة مكافحة الجرائم المعلوماتية\tbody\tdgsn\n' >>"$TEST_DIR/mappings.tsv"
expect_out "after the mapping is added, the same run imports it" 'imported 1, duplicates 1, rejected 0' \
	himaya --db "$db3" import backfill "$fx/unmapped.csv" --mappings "$TEST_DIR/mappings.tsv"
check "both rows are cases now" [ "$(count_cases "$db3")" = 2 ]

# --- --court and --year ---
db4=$(new_db)
printf 'الجهة المكلفة بالبحث,موضوع الإشعار,المنصة المعنية,المتابعة,ابتدائيا,استئنافيا,النقض\nالدرك,حيازة مواد إباحية,CPS,سراح,براءة,,\n' >"$TEST_DIR/nocourt.csv"
expect_err "without المحكمة, --court is needed" 2 'give --court' himaya --db "$db4" import backfill "$TEST_DIR/nocourt.csv" --year 2021
expect_err "without a date or السنة, --year is needed" 1 'no registration date' \
	himaya --db "$db4" import backfill "$TEST_DIR/nocourt.csv" --court tpi-tiflet
expect_out "--court and --year fill them" 'imported 1' \
	himaya --db "$db4" import backfill "$TEST_DIR/nocourt.csv" --court tpi-tiflet --year 2021
himaya --db "$db4" case list --json >"$TEST_DIR/tiflet.json" 2>"$ERR"
check "registered on 1 January of --year, with a fingerprint number" \
	[ "$(pyjson "$TEST_DIR/tiflet.json" 'd["cases"][0]["court"], d["cases"][0]["registered"], d["cases"][0]["file_number"][:3]')" = "tpi-tiflet 2021-01-01 BF-" ]

printf 'المحكمة,الجهة المكلفة بالبحث,موضوع الإشعار,المنصة المعنية,المتابعة,ابتدائيا,استئنافيا,النقض,السنة\nابتدائية تيفلت,الدرك,حيازة مواد إباحية,CPS,سراح,,,,2022\n,الدرك,حيازة مواد إباحية,CPS,سراح,,,,2022\nابتدائية سلا,الدرك,حيازة مواد إباحية,CPS,سراح,,,,2022\n' >"$TEST_DIR/named.csv"
expect_err "a row naming another court than --court is refused, not moved" 1 'named.csv:4: المحكمة: the row names court tpi-sale, not --court tpi-tiflet' \
	himaya --db "$db4" import backfill "$TEST_DIR/named.csv" --court tpi-tiflet
check "... the rows naming it or no court are kept at --court" \
	[ "$(himaya --db "$db4" case list --court tpi-tiflet --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')" = 3 ]

# --- the template with its title block and two-row header ---
expect_out "title block, two-row header, ';' and السنة" 'imported 2' \
	himaya --db "$db4" import backfill "$fx/template.csv"

done_testing
