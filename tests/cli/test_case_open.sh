# End-to-end: opening cases, and every kind of bad input refused (exit 1)
# with a message naming what is wrong, and nothing stored.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2025-12-31
db=$(new_db)

# pyjson FILE EXPR: a Python expression over the JSON document d of FILE.
pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# open ARGS...: `case open` at tpi-sale with good defaults that ARGS override.
open_case() {
	himaya --db "$db" case open --court tpi-sale --date 2022-03-01 --body dgsn \
		--subject csam_distribution --platform ncmec "$@"
}

count_cases() {
	himaya --db "$db" case list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])'
}

# --- success ---
expect_out "a case opens and prints its id" '^1$' open_case --number 2022/2105/17 \
	--unit "الفرقة الجهوية للشرطة القضائية بسلا" --subject csam_distribution,sextortion --platform both --suspects 2 \
	--notes "إشعار NCMEC"
himaya --db "$db" case show 1 --json >"$TEST_DIR/c1.json" 2>"$ERR"
check "the case is stored as given" [ "$(pyjson "$TEST_DIR/c1.json" \
	'd["court"], d["district"], d["file_number"], d["registered"], d["body"], d["suspects"], d["stage"]')" = \
	"tpi-sale ca-rabat 2022/2105/17 2022-03-01 dgsn 2 registered" ]
check "--platform both is NCMEC and CPS" [ "$(pyjson "$TEST_DIR/c1.json" '",".join(p["code"] for p in d["platforms"])')" = "ncmec,cps" ]
check "two subjects, in order" [ "$(pyjson "$TEST_DIR/c1.json" '",".join(s["code"] for s in d["subjects"])')" = "csam_distribution,sextortion" ]
check "the unit is kept in Arabic" [ "$(pyjson "$TEST_DIR/c1.json" 'd["unit"]')" = "الفرقة الجهوية للشرطة القضائية بسلا" ]
check "labels beside codes" [ "$(pyjson "$TEST_DIR/c1.json" 'd["body_label_fr"], d["subjects"][1]["label_ar"]')" = \
	"Direction Générale de la Sûreté Nationale الابتزاز الجنسي لقاصر" ]
check "the court's names" [ "$(pyjson "$TEST_DIR/c1.json" 'd["court_name_ar"]')" = "المحكمة الابتدائية بسلا" ]

open_case --number 2022/2105/18 --platform NECMEC --body Police --json >"$TEST_DIR/c2.json" 2>"$ERR"
check "--json prints the case object" [ "$(pyjson "$TEST_DIR/c2.json" 'd["id"], d["stage"]')" = "2 registered" ]
check "the circular's spelling NECMEC is ncmec" [ "$(pyjson "$TEST_DIR/c2.json" 'd["platforms"][0]["code"]')" = ncmec ]
check "body aliases resolve (police is dgsn)" [ "$(pyjson "$TEST_DIR/c2.json" 'd["body"]')" = dgsn ]
expect_out "a Court of Appeal opens its own (felony) case" '^3$' \
	himaya --db "$db" case open --court ca-rabat --number 2022/2611/4 --date 2022-05-02 --body gr \
	--subject csam_production --platform cps --suspects 1
expect_out "the same number at another court is fine" '^4$' \
	himaya --db "$db" case open --court tpi-rabat --number 2022/2105/17 --date 2022-03-01 --body dgsn \
	--subject csam_possession --platform cps
expect_out "zero suspects (author unknown) is allowed" '^5$' open_case --number 2022/2105/19 --suspects 0
expect_out "tpi-chichaoua exists after the 2023 decree" '^6$' \
	himaya --db "$db" case open --court tpi-chichaoua --number 2024/2101/1 --date 2024-02-01 --body gr \
	--subject enticement --platform ncmec

# --- refused input: exit 1, one line naming the problem, nothing stored ---
expect_err "unknown court" 1 "court 'tpi-atlantis' is not in the judicial map" open_case --number x1 --court tpi-atlantis
expect_err "court not existing on the date" 1 "court 'tpi-chichaoua' did not exist on 2022-03-01" \
	open_case --number x2 --court tpi-chichaoua
expect_err "a court code must be a code" 1 "--court: 'tpi sale' is not a code" open_case --number x3 --court "tpi sale"
expect_err "bad date: month 13" 1 "--date: '2022-13-01' is not a date \(YYYY-MM-DD\)" open_case --number x4 --date 2022-13-01
expect_err "bad date: 30 February" 1 "--date: '2022-02-30' is not a date" open_case --number x5 --date 2022-02-30
expect_err "bad date: wrong format" 1 "--date: '01/03/2022' is not a date" open_case --number x6 --date 01/03/2022
expect_err "registration in the future" 1 "in the future" open_case --number x7 --date 2026-01-01
expect_err "unknown subject, with the known ones" 1 "--subject: unknown subject 'grooming' \(known: csam_possession" \
	open_case --number x8 --subject grooming
expect_err "one bad subject in a list" 1 "unknown subject 'nope'" open_case --number x9 --subject csam_possession,nope
expect_err "empty subject list" 1 "--subject: .* is not a comma-separated list" open_case --number x10 --subject ","
expect_err "unknown platform" 1 "--platform: unknown platform 'tiktok'" open_case --number x11 --platform tiktok
expect_err "unknown body" 1 "--body: unknown body 'fbi' \(known: dgsn, gr\)" open_case --number x12 --body fbi
expect_err "two bodies" 1 "--body: a case has one investigating body" open_case --number x13 --body dgsn,gr
expect_err "suspects not a number" 1 "--suspects: '12abc' is not a whole number" open_case --number x14 --suspects 12abc
expect_err "negative suspects" 1 "--suspects: -1 is out of range" open_case --number x15 --suspects -1
expect_err "suspects with a sign" 1 "--suspects: '\+3' is not a whole number" open_case --number x16 --suspects +3
expect_err "duplicate court and number" 1 "court 'tpi-sale' already has a case with file number '2022/2105/17'" \
	open_case --number 2022/2105/17
expect_err "non-UTF-8 file number" 1 "--number: the text is not valid UTF-8" open_case --number "$(printf '2022/\377\376')"
expect_err "non-UTF-8 unit" 1 "--unit: the text is not valid UTF-8" open_case --number x17 --unit "$(printf 'unit\300\257')"
expect_err "control characters in the unit" 1 "--unit: .* control characters" open_case --number x18 --unit "$(printf 'a\033[31mb')"
expect_err "non-UTF-8 notes" 1 "--notes: the text is not valid UTF-8" open_case --number x19 --notes "$(printf '\355\240\200')"
expect_err "non-UTF-8 court" 1 "--court: the value is not valid UTF-8" open_case --number x20 --court "$(printf 'tpi-\377')"
expect_err "empty file number" 1 "file number" open_case --number ""
check "no refused case was stored" [ "$(count_cases)" = 6 ]

# --- usage errors: exit 2 ---
expect_err "missing --number" 2 "case open needs --number" himaya --db "$db" case open --court tpi-sale \
	--date 2022-03-01 --body dgsn --subject csam_possession --platform ncmec
expect_err "an option without its value" 2 "option '--platform' needs a value" open_case --number u1 --platform
expect_err "unknown option" 2 "unknown option '--colour'" open_case --number u2 --colour red
expect_err "stray argument" 2 "takes no argument" open_case --number u3 extra
expect_out "case open --help" "usage: himaya case open" himaya --db "$db" case open --help
check "no usage error stored a case" [ "$(count_cases)" = 6 ]

# --- re-running init keeps the cases ---
expect_out "init on a database with cases" 'courts: 0 added' himaya --db "$db" init
check "the cases are still there" [ "$(count_cases)" = 6 ]

done_testing
