# End-to-end: the same input gives byte-identical output on SQLite and on
# PostgreSQL - the circular's table in every format, the statistics
# (groups, rates, medians, --explain), case lists and histories - since
# nothing above store/ knows the backend, any difference is the store's.
#
# On the PostgreSQL pass of tests/run.sh the two databases are one of each
# backend. On the SQLite pass both are SQLite files: the test then checks
# the determinism the comparison relies on (same input, same bytes).
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2025-12-31
a="$TEST_DIR/reference.db"
b=$(new_db)
expect "the SQLite reference database initialises" 0 himaya --db "$a" init
if is_pg; then
	check "the database under test is PostgreSQL" expr "$b" : 'postgres'
else
	check "the database under test is SQLite" [ -f "$b" ]
fi

# both NAME CMD...: run CMD (himaya's arguments) on each database; same
# exit status, same stdout, same stderr.
both() {
	_bname=$1
	shift
	himaya --db "$a" "$@" >"$TEST_DIR/a.out" 2>"$TEST_DIR/a.err"
	_sa=$?
	himaya --db "$b" "$@" >"$TEST_DIR/b.out" 2>"$TEST_DIR/b.err"
	_sb=$?
	sed -i "s|$b|DB|g" "$TEST_DIR/b.err"
	sed -i "s|$a|DB|g" "$TEST_DIR/a.err"
	if [ "$_sa" -eq "$_sb" ] && cmp -s "$TEST_DIR/a.out" "$TEST_DIR/b.out" &&
		cmp -s "$TEST_DIR/a.err" "$TEST_DIR/b.err"; then
		_report 0 "$_bname"
	else
		echo "# status $_sa / $_sb"
		diff "$TEST_DIR/a.out" "$TEST_DIR/b.out" | head -n 10 | sed 's/^/# /'
		diff "$TEST_DIR/a.err" "$TEST_DIR/b.err" | head -n 5 | sed 's/^/# /'
		_report 1 "$_bname"
	fi
}

# The same writes on both, refusals included: ids must not drift.
both "demo" demo --seed 2021
both "a duplicate file number is refused" case open --court tpi-sale --number 2022/2105/17 \
	--date 2022-03-01 --body dgsn --subject csam_distribution --platform ncmec
both "the same case number twice: refused" case open --court tpi-sale --number X/1 \
	--date 2022-03-01 --body dgsn --subject csam_distribution,sextortion --platform both --suspects 2
both "... and again" case open --court tpi-sale --number X/1 \
	--date 2022-03-01 --body dgsn --subject csam_distribution --platform ncmec
both "the next case gets the same id" case open --court tpi-sale --number X/2 \
	--date 2022-03-02 --body gr --unit "سرية الدرك الملكي" --subject sextortion --platform cps
both "a refused event" case event 121 judgment --date 2022-04-01 --outcome conviction
both "a decision with charges" case event 121 decision --date 2022-04-10 --decision detained \
	--charges csam_distribution,sextortion --accused 2
both "a judgment" case event 121 judgment --date 2022-06-01 --outcome conviction \
	--prison-months 24 --suspended-months 0 --fine 5000
both "a correction" case event 121 correction --supersedes "$(himaya --db "$a" case show 121 --json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["events"][1]["id"])')" \
	--date 2022-06-01 --outcome conviction --prison-months 18 --suspended-months 6 --fine 5000

# --- the circular's table ---
for fmt in csv json html; do
	both "table, national 2022, $fmt" table --national --year 2022 --format "$fmt"
done
# An XLSX file records when it was written (docProps/core.xml): compare
# every other part of the archive.
xlsx_parts() {
	python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in sorted(z.namelist()):
    if n != "docProps/core.xml":
        sys.stdout.buffer.write(n.encode() + b"\n" + z.read(n))' "$1"
}
himaya --db "$a" table --national --year 2022 --format xlsx -o "$TEST_DIR/a.xlsx" 2>"$ERR"
himaya --db "$b" table --national --year 2022 --format xlsx -o "$TEST_DIR/b.xlsx" 2>"$ERR"
xlsx_parts "$TEST_DIR/a.xlsx" >"$TEST_DIR/a.parts"
xlsx_parts "$TEST_DIR/b.xlsx" >"$TEST_DIR/b.parts"
check "table, national 2022, xlsx (sheets)" cmp -s "$TEST_DIR/a.parts" "$TEST_DIR/b.parts"
check "the xlsx holds the sheets" grep -q "xl/worksheets/sheet1.xml" "$TEST_DIR/a.parts"
both "table, national, two years, json" table --national --from 2021-01-01 --to 2022-12-31 --format json
both "table, a district, csv" table --district ca-rabat --year 2022 --format csv
both "table, a court, json" table --court tpi-sale --year 2022 --format json
both "table, one platform" table --national --year 2022 --platform ncmec --format json
both "table, in French" table --national --year 2023 --format html --lang fr

# --- statistics ---
both "stats, national" stats --national --json
both "stats, one year" stats --national --year 2022 --json
both "stats by court and platform" stats --national --by court,platform --json
both "stats by year, subject, decision" stats --national --by year,subject,decision --json
both "stats by six dimensions" stats --national --by district,first_instance,appeal,cassation,stage,body --json
both "stats, pending cases" stats --national --pending-days 180 --json
both "stats, a district" stats --district ca-rabat --year 2022 --by court,platform
both "stats, explain" stats --national --explain court=tpi-sale,first_instance=conviction
both "stats, explain no decision" stats --national --explain decision=
both "stats, an empty period" stats --national --from 2030-01-01 --to 2030-12-31 --json

# --- cases ---
both "case list" case list --json
both "case list, paged" case list --json --limit 7
both "case list, a stage" case list --stage prosecuted
both "case list, a platform and a year" case list --platform cps --year 2023 --json
both "case list, a court" case list --court tpi-sale
both "no such case" case show 999
for id in 1 7 64 120 121 122; do
	himaya --db "$a" case show "$id" --json | sed 's/"[0-9-]*T[0-9:]*Z"/"T"/' >"$TEST_DIR/show.a" 2>&1
	himaya --db "$b" case show "$id" --json | sed 's/"[0-9-]*T[0-9:]*Z"/"T"/' >"$TEST_DIR/show.b" 2>&1
	check "case $id: the same history (times of recording aside)" cmp -s "$TEST_DIR/show.a" "$TEST_DIR/show.b"
done

done_testing
