# End-to-end: `himaya table` on the demo data set. Every format is made
# (to a file and to standard output), the counting rule holds across a
# district and the nation, the table agrees with `himaya stats`, and bad
# options are refused with the right exit status and nothing written.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2025-12-31
# fontconfig leaks a few bytes once per process parsing its configuration
# (the PDF's fonts); not ours, and only that library's allocations.
printf 'leak:libfontconfig.so\n' >"$TEST_DIR/lsan.supp"
export LSAN_OPTIONS="suppressions=$TEST_DIR/lsan.supp:print_suppressions=0"

db=$(new_db)
himaya --db "$db" demo --seed 2021 >/dev/null 2>&1

# pyjson FILE EXPR: a Python expression over the JSON document d of FILE.
pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
T="$TEST_DIR"

# --- every format ---
expect "JSON of the nation for 2022" 0 himaya --db "$db" table --national --year 2022 --format json -o "$T/nat.json"
n=$(pyjson "$T/nat.json" 'd["count"]')
check "the JSON has rows, as many as its count" [ "$(pyjson "$T/nat.json" 'd["count"] > 0 and len(d["rows"]) == d["count"]')" = True ]
check "groups: the districts add up to the nation" \
	[ "$(pyjson "$T/nat.json" 'sum(g["count"] for g in d["groups"] if g["kind"] == "district")')" = "$n" ]
check "groups: the courts add up to the nation" \
	[ "$(pyjson "$T/nat.json" 'sum(g["count"] for g in d["groups"] if g["kind"] == "court")')" = "$n" ]
check "every row of 2022, with a file number and codes" \
	[ "$(pyjson "$T/nat.json" 'all(r["registered"].startswith("2022-") and r["file_number"] and r["court"] and r["subjects"] for r in d["rows"])')" = True ]
check "the header and footnote of the template" \
	[ "$(pyjson "$T/nat.json" 'd["header"][0], d["period"], d["footnote"].startswith("بالنسبة لمحاكم الاستئناف")')" = "المملكة المغربية برسم سنة 2022 True" ]

himaya --db "$db" stats --national --year 2022 --json >"$T/stats.json" 2>"$ERR"
check "the table counts what stats counts" [ "$(pyjson "$T/stats.json" 'd["total"]')" = "$n" ]

himaya --db "$db" table --national --year 2022 --json >"$T/stdout.json" 2>"$ERR"
check "--json is --format json, on standard output: the same document" cmp -s "$T/stdout.json" "$T/nat.json"

expect "CSV to a file" 0 himaya --db "$db" table --national --year 2022 --format csv -o "$T/nat.csv"
check "the CSV starts with a UTF-8 byte order mark" [ "$(head -c 3 "$T/nat.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
check "the CSV heads are the template's" grep -q 'رقم الملف,تاريخ التسجيل,المحكمة,الجهة المكلفة بالبحث,موضوع الإشعار' "$T/nat.csv"
check "the CSV has a line per case" [ "$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))) - 1)' "$T/nat.csv")" = "$n" ]
expect_out "CSV on standard output" 'رقم الملف' himaya --db "$db" table --court tpi-sale --year 2022 --format csv

expect "HTML to a file" 0 himaya --db "$db" table --district ca-rabat --year 2022 --format html -o "$T/rabat.html"
check "the page is Arabic, right to left" grep -q '<html lang="ar" dir="rtl">' "$T/rabat.html"
check "the page carries its own stylesheet" grep -q '@page { *$' "$T/rabat.html"
check "the page has the title" grep -q 'جدول الإحصائيات بشأن قضايا الاستغلال الجنسي للأطفال' "$T/rabat.html"
expect_out "HTML in French" '<html lang="fr" dir="ltr">' himaya --db "$db" table --court tpi-sale --year 2022 --lang fr --format html
expect_out "the global --lang fr gives French too" 'Tableau statistique' himaya --db "$db" --lang fr table --court tpi-sale --year 2022 --format html

expect "XLSX of the nation" 0 himaya --db "$db" table --national --year 2022 --format xlsx -o "$T/nat.xlsx"
unzip -p "$T/nat.xlsx" xl/workbook.xml >"$T/wb.xml" 2>"$ERR"
check "the summary sheet comes first" grep -q '<sheet name="ملخص" sheetId="1"' "$T/wb.xml"
check "a sheet per court" [ "$(grep -o '<sheet ' "$T/wb.xml" | wc -l)" = "$(( $(pyjson "$T/nat.json" 'sum(1 for g in d["groups"] if g["kind"] == "court")') + 1 ))" ]
unzip -p "$T/nat.xlsx" xl/worksheets/sheet2.xml >"$T/sheet2.xml" 2>"$ERR"
check "sheets are right to left" grep -q 'rightToLeft="1"' "$T/sheet2.xml"
check "مآل القضية is merged over its three levels" grep -q '<mergeCell ref="H[0-9]*:J[0-9]*"/>' "$T/sheet2.xml"
check "the heads are frozen" grep -q 'state="frozen"' "$T/sheet2.xml"

expect "PDF of the nation" 0 himaya --db "$db" table --national --year 2022 --format pdf -o "$T/nat.pdf"
check "the PDF is A4 landscape" sh -c "pdfinfo '$T/nat.pdf' | grep -q 'Page size: *841.89 x 595.28'"
pdftotext "$T/nat.pdf" "$T/nat.txt" 2>"$ERR"
first=$(pyjson "$T/nat.json" 'd["rows"][0]["file_number"]')
last=$(pyjson "$T/nat.json" 'd["rows"][-1]["file_number"]')
check "the PDF has the first row's file number" grep -qF "$first" "$T/nat.txt"
check "the PDF has the last row's file number" grep -qF "$last" "$T/nat.txt"
expect "PDF to a pipe" 0 sh -c "'$HIMAYA' --db '$db' table --court tpi-sale --year 2022 --format pdf | head -c 5 | grep -q '%PDF-'"

# --- the counting rule across a district ---
himaya --db "$db" table --district ca-rabat --json >"$T/d.json" 2>"$ERR"
himaya --db "$db" table --court ca-rabat --json >"$T/ca.json" 2>"$ERR"
check "a Court of Appeal's table holds only its own cases" \
	[ "$(pyjson "$T/ca.json" 'all(r["court"] == "ca-rabat" for r in d["rows"])')" = True ]
check "its footnote is there" [ "$(pyjson "$T/ca.json" 'd["footnote"] is not None')" = True ]
sum=$(pyjson "$T/ca.json" 'd["count"]')
for court in $(pyjson "$T/d.json" '" ".join(g["code"] for g in d["groups"] if g["kind"] == "court" and g["code"] != "ca-rabat")'); do
	himaya --db "$db" table --court "$court" --json >"$T/c.json" 2>"$ERR"
	sum=$((sum + $(pyjson "$T/c.json" 'd["count"]')))
done
check "the district's table is its courts' tables, each case once" [ "$sum" = "$(pyjson "$T/d.json" 'd["count"]')" ]
check "no case twice in the district" [ "$(pyjson "$T/d.json" 'len(set(r["case_id"] for r in d["rows"])) == len(d["rows"])')" = True ]

# --- filters ---
himaya --db "$db" table --national --from 2022-01-01 --to 2022-12-31 --json >"$T/range.json" 2>"$ERR"
check "--from/--to over 2022 is --year 2022" [ "$(pyjson "$T/range.json" 'd["count"]')" = "$n" ]
himaya --db "$db" table --national --year 2022 --platform NECMEC --json >"$T/ncmec.json" 2>"$ERR"
check "--platform keeps the platform's cases (NECMEC accepted)" \
	[ "$(pyjson "$T/ncmec.json" 'd["count"] > 0 and all("ncmec" in r["platforms"] for r in d["rows"])')" = True ]

# --- refusals ---
expect_err "no scope" 2 'exactly one of --court' himaya --db "$db" table --year 2022 --format csv
expect_err "two scopes" 2 'exactly one of --court' himaya --db "$db" table --national --court tpi-sale --format csv
expect_err "no format" 2 'give --format' himaya --db "$db" table --national
expect_err "an unknown format" 2 "--format: 'docx'" himaya --db "$db" table --national --format docx
expect_err "--year with --from" 2 'not both' himaya --db "$db" table --national --year 2022 --from 2022-01-01 --format csv
expect_err "--from after --to" 2 'after' himaya --db "$db" table --national --from 2022-05-01 --to 2022-04-01 --format csv
expect_err "a bad date is refused input" 1 '--from' himaya --db "$db" table --national --from 2022-02-30 --format csv
expect_err "a bad year is refused input" 1 '--year' himaya --db "$db" table --national --year 22x --format csv
expect_err "English is not a table language" 2 '--lang' himaya --db "$db" table --national --lang en --format csv
expect_err "an argument" 2 'no argument' himaya --db "$db" table --national --format csv extra
expect_err "an unknown court is refused input" 1 'tpi-atlantis' himaya --db "$db" table --court tpi-atlantis --format csv
expect_err "a district is a Court of Appeal" 1 'not a Court of Appeal' himaya --db "$db" table --district tpi-sale --format csv
expect_err "an unknown platform" 1 'myspace' himaya --db "$db" table --national --platform myspace --format csv
expect_err "a database that does not exist" 2 'init' himaya --db "$T/none.db" table --national --format csv
expect_err "a refused table writes no file" 1 'tpi-atlantis' himaya --db "$db" table --court tpi-atlantis --format pdf -o "$T/refused.pdf"
check "no file and no temporary file left" [ -z "$(ls "$T" | grep refused)" ]
expect_out "--help" 'usage: himaya table' himaya table --help

done_testing
