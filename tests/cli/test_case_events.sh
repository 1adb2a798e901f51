# End-to-end: the life of a case through `case event`, every transition
# the procedure forbids (refused with exit 1 and the database unchanged),
# and corrections.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2025-12-31
db=$(new_db)

# pyjson FILE EXPR: a Python expression over the JSON document d of FILE.
pyjson() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# show ID EXPR: EXPR over `case show ID --json`.
show() {
	himaya --db "$db" case show "$1" --json >"$TEST_DIR/show.json" 2>/dev/null
	pyjson "$TEST_DIR/show.json" "$2"
}

# The whole database as text: the SQLite shell's dump, or pg_dump's (its
# identity sequences included: a refused event must not even spend an id;
# less the random key pg_dump draws for each dump's \restrict line).
db_state() {
	case "$db" in
	postgres://* | postgresql://*) pg_dump --no-owner "$db" | grep -v '^\\\(un\)\{0,1\}restrict ' ;;
	*) sqlite3 "$db" .dump ;;
	esac
}

# refused NAME CASE PATTERN EVENT-ARGS...: `case event CASE EVENT-ARGS` exits 1
# with PATTERN on stderr, and neither the case nor the database changed.
refused() {
	_rname=$1 _rcase=$2 _rpat=$3
	shift 3
	himaya --db "$db" case show "$_rcase" --json >"$TEST_DIR/before.json" 2>/dev/null
	db_state >"$TEST_DIR/before.dump"
	expect_err "$_rname: refused" 1 "$_rpat" himaya --db "$db" --lang en case event "$_rcase" "$@"
	# Dump before showing: `case show` appends its own audit entry (a read).
	db_state >"$TEST_DIR/after.dump"
	himaya --db "$db" case show "$_rcase" --json >"$TEST_DIR/after.json" 2>/dev/null
	check "$_rname: case unchanged" cmp -s "$TEST_DIR/before.json" "$TEST_DIR/after.json"
	check "$_rname: database unchanged" cmp -s "$TEST_DIR/before.dump" "$TEST_DIR/after.dump"
}

# ev NAME ID ARGS...: the event is recorded (exit 0, its id on stdout).
ev() {
	_ename=$1
	shift
	expect_out "$_ename" '^[0-9]+$' himaya --db "$db" case event "$@"
}

open_case() {
	himaya --db "$db" case open --court tpi-sale --body dgsn --subject csam_distribution --platform ncmec "$@"
}

a=$(open_case --number 2022/2105/17 --date 2022-03-01)
b=$(open_case --number 2022/2105/18 --date 2022-03-01)
c=$(open_case --number 2022/2105/19 --date 2022-03-01)
check "three cases opened" [ "$a/$b/$c" = "1/2/3" ]

# --- case A: the whole lifecycle, remand and a new appeal included ---
ev "investigation ordered" "$a" investigation --date 2022-03-02 --note "تعليمات للفرقة الجهوية"
check "stage: investigation" [ "$(show "$a" 'd["stage"]')" = investigation ]
ev "information report received" "$a" report --date 2022-03-20
himaya --db "$db" case event "$a" decision --date 2022-04-10 --decision detained \
	--charges csam_distribution,sextortion --accused 1 --json >"$TEST_DIR/ev.json" 2>"$ERR"
check "decision --json: the event with its labels" [ "$(pyjson "$TEST_DIR/ev.json" \
	'd["type"], d["code"], d["label_fr"], ",".join(x["code"] for x in d["charges"]), d["accused"]')" = \
	"decision detained poursuite en état d'arrestation csam_distribution,sextortion 1" ]
check "decision --json: the case after it" [ "$(pyjson "$TEST_DIR/ev.json" 'd["case"]["stage"], d["case"]["decision"]["code"]')" = \
	"prosecuted detained" ]
judgment_a=$(himaya --db "$db" case event "$a" judgment --date 2022-06-01 --outcome conviction \
	--prison-months 24 --suspended-months 0 --fine 5000)
check "first-instance judgment recorded" [ -n "$judgment_a" ]
check "stage first_judged, sentence kept" [ "$(show "$a" 'd["stage"], d["first_instance"]["code"], d["first_instance"]["sentence"]["prison_months"], d["first_instance"]["sentence"]["fine_mad"]')" = \
	"first_judged conviction 24 5000" ]
ev "appeal judgment" "$a" appeal --date 2022-10-03 --outcome modified --prison-months 18 --suspended-months 6 --fine 5000
ev "cassation quashes with remand" "$a" cassation --date 2023-02-01 --outcome quashed
check "stage remanded, the quashed appeal no longer stands" [ "$(show "$a" 'd["stage"], d["appeal"], d["cassation"]["code"]')" = \
	"remanded None quashed" ]
ev "a new appeal judgment after remand" "$a" appeal --date 2023-06-01 --outcome upheld
check "stage appeal_judged again" [ "$(show "$a" 'd["stage"], d["appeal"]["code"], d["appeal"]["date"]')" = \
	"appeal_judged upheld 2023-06-01" ]
ev "final cassation ruling" "$a" cassation --date 2023-10-01 --outcome rejected
check "stage cassation_ruled" [ "$(show "$a" 'd["stage"], d["cassation"]["code"], len(d["events"])')" = \
	"cassation_ruled rejected 8" ]
refused "anything after a final cassation ruling" "$a" "has ruled finally" report --date 2023-11-01
refused "an appeal after a final cassation ruling" "$a" "has ruled finally" appeal --date 2023-11-01 --outcome upheld

# --- case B: every forbidden transition, step by step ---
refused "judgment before any decision" "$b" "no judgment before a decision to prosecute" \
	judgment --date 2022-04-01 --outcome conviction
refused "appeal before a first-instance judgment" "$b" "no appeal judgment before a first-instance judgment" \
	appeal --date 2022-04-01 --outcome upheld
refused "cassation before an appeal judgment" "$b" "no cassation ruling before an appeal judgment" \
	cassation --date 2022-04-01 --outcome rejected
refused "a date before the registration" "$b" "before the case was registered" investigation --date 2022-02-28
refused "a date in the future" "$b" "the date is in the future" investigation --date 2026-01-01
ev "investigation on B" "$b" investigation --date 2022-03-05
refused "a date before the previous event" "$b" "before the previous event's date" report --date 2022-03-04
refused "a filing without a reason" "$b" "a filing must give its reason" decision --date 2022-04-01 --decision filed
refused "an unknown decision" "$b" "unknown prosecution decision: released" decision --date 2022-04-01 --decision released
refused "zero accused" "$b" "number of accused must be at least 1" \
	decision --date 2022-04-01 --decision detained --accused 0
refused "charges on a filing" "$b" "charges or accused without a prosecution" \
	decision --date 2022-04-01 --decision filed --reason not_located --charges csam_distribution
refused "a reason on a prosecution" "$b" "only a filing has a reason" \
	decision --date 2022-04-01 --decision at_liberty --reason not_located
refused "an unknown charge" "$b" "--charges: unknown subject 'theft'" \
	decision --date 2022-04-01 --decision detained --charges theft
ev "filed for want of a located suspect" "$b" decision --date 2022-04-01 --decision filed --reason NOT_LOCATED
check "stage filed, with the reason's code" [ "$(show "$b" 'd["stage"], d["events"][-1]["reason"], d["events"][-1]["reason_label_fr"]')" = \
	"filed not_located suspect non localisé" ]
refused "a judgment on a filed case" "$b" "no judgment on a filed case" judgment --date 2022-05-01 --outcome conviction
refused "an appeal on a filed case" "$b" "no appeal judgment before a first-instance judgment" \
	appeal --date 2022-05-01 --outcome upheld
ev "new evidence reopens the filed case" "$b" investigation --date 2022-06-01
check "reopened: under investigation, no decision" [ "$(show "$b" 'd["stage"], d["decision"]')" = "investigation None" ]
ev "prosecuted after reopening" "$b" decision --date 2022-06-20 --decision at_liberty --charges csam_distribution --accused 1
refused "an investigation after the public action started" "$b" "public action has already been started" \
	investigation --date 2022-06-21
refused "a second prosecution decision" "$b" "a prosecution decision is already recorded" \
	decision --date 2022-06-21 --decision detained
refused "an appeal before the judgment" "$b" "no appeal judgment before a first-instance judgment" \
	appeal --date 2022-06-21 --outcome upheld
refused "an appeal-only outcome at first instance" "$b" "cannot be given at this level" \
	judgment --date 2022-07-01 --outcome upheld
refused "the never-recorded 'pending'" "$b" "'pending' is the absence of a ruling" \
	judgment --date 2022-07-01 --outcome pending
refused "an unknown outcome" "$b" "unknown outcome: dismissed" judgment --date 2022-07-01 --outcome dismissed
refused "a sentence with an acquittal" "$b" "this outcome carries no sentence" \
	judgment --date 2022-07-01 --outcome acquittal --prison-months 3
refused "more suspended months than prison months" "$b" "no more suspended months than prison months" \
	judgment --date 2022-07-01 --outcome conviction --prison-months 3 --suspended-months 6
judgment_b=$(himaya --db "$db" case event "$b" judgment --date 2022-07-01 --outcome acquittal)
check "acquitted at first instance" [ "$(show "$b" 'd["stage"], d["first_instance"]["code"]')" = "first_judged acquittal" ]
refused "a second first-instance judgment" "$b" "first-instance judgment is already recorded" \
	judgment --date 2022-07-02 --outcome conviction
refused "a cassation ruling before the appeal" "$b" "no cassation ruling before an appeal judgment" \
	cassation --date 2022-07-02 --outcome rejected
refused "a cassation-only outcome on appeal" "$b" "cannot be given at this level" \
	appeal --date 2022-09-01 --outcome rejected
ev "appeal reverses the acquittal" "$b" appeal --date 2022-09-01 --outcome reversed --prison-months 12 --suspended-months 12 --fine 10000
refused "a second appeal judgment" "$b" "appeal judgment is already recorded" appeal --date 2022-09-02 --outcome upheld
ev "cassation without remand" "$b" cassation --date 2023-01-10 --outcome quashed_final
refused "a cassation ruling after the final one" "$b" "has ruled finally" cassation --date 2023-02-01 --outcome rejected

# --- the refusal in the user's language ---
expect_err "the refusal in Arabic after the English" 1 "لا قرار استئنافي قبل صدور الحكم الابتدائي" \
	himaya --db "$db" --lang ar case event "$c" appeal --date 2022-04-01 --outcome upheld
check "... on a second line, the first in English" [ "$(head -n 1 "$ERR")" = \
	"himaya: new event (appeal of 2022-04-01): no appeal judgment before a first-instance judgment" ]
expect_err "the refusal in French" 1 "pas d'arrêt d'appel avant le jugement de première instance" \
	env HIMAYA_LANG=fr "$HIMAYA" --db "$db" case event "$c" appeal --date 2022-04-01 --outcome upheld
expect_err "in English, one line only" 1 "no appeal judgment" himaya --db "$db" --lang en case event "$c" appeal --date 2022-04-01 --outcome upheld
check "... exactly one line" [ "$(wc -l <"$ERR")" -eq 1 ]

# --- corrections ---
fix=$(himaya --db "$db" case event "$a" correction --supersedes "$judgment_a" --date 2022-06-01 \
	--outcome conviction --prison-months 18 --suspended-months 6 --fine 5000 --note "خطأ مادي")
check "a correction of a judgment is recorded, even on a closed case" [ -n "$fix" ]
check "the state shows the corrected sentence" [ "$(show "$a" 'd["first_instance"]["sentence"]["prison_months"], d["first_instance"]["sentence"]["suspended_months"], d["first_instance"]["event_id"]')" = \
	"18 6 $fix" ]
check "the history keeps the superseded event, marked" [ "$(show "$a" \
	'[(e["superseded_by"], e["effective"]) for e in d["events"] if e["id"] == '"$judgment_a"'][0]')" = "($fix, False)" ]
check "the correction names what it supersedes" [ "$(show "$a" \
	'[(e["type"], e["supersedes"]) for e in d["events"] if e["id"] == '"$fix"'][0]')" = "('judgment', $judgment_a)" ]
expect_out "case show marks it in text" "superseded by #$fix" himaya --db "$db" --lang en case show "$a"
refused "superseding an event already superseded" "$a" "not already superseded" \
	correction --supersedes "$judgment_a" --outcome conviction --prison-months 12
ev "correcting the correction" "$a" correction --supersedes "$fix" --outcome conviction --prison-months 20 --suspended-months 6 --fine 5000
check "the correction of the correction stands" [ "$(show "$a" 'd["first_instance"]["sentence"]["prison_months"]')" = 20 ]
decision_b=$(show "$b" '[e["id"] for e in d["events"] if e["type"] == "decision"][-1]')
refused "a correction that would make history invalid" "$b" "no judgment on a filed case" \
	correction --supersedes "$decision_b" --decision filed --reason not_located
refused "a correction moving a judgment before the decision" "$b" "before the previous event's date" \
	correction --supersedes "$judgment_b" --date 2022-06-01 --outcome acquittal
refused "a correction of an event of another case" "$b" "case $b has no event $judgment_a" \
	correction --supersedes "$judgment_a" --outcome conviction
refused "a correction of no event" "$b" "has no event 9999" correction --supersedes 9999 --outcome conviction
ev "a decision corrected to another prosecution" "$b" correction --supersedes "$decision_b" \
	--decision detained --charges csam_distribution --accused 1
check "the decision is the corrected one" [ "$(show "$b" 'd["decision"]["code"], d["stage"]')" = "detained cassation_ruled" ]

# --- retraction ---
ev "investigation on C" "$c" investigation --date 2022-03-02
report_c=$(himaya --db "$db" case event "$c" report --date 2022-03-10)
ev "a report recorded by mistake is retracted" "$c" correction --supersedes "$report_c" --retract --note "تسجيل خاطئ"
check "the retracted report no longer counts" [ "$(show "$c" '[e["effective"] for e in d["events"]]')" = "[True, False, False]" ]
ev "decision on C" "$c" decision --date 2022-03-20 --decision at_liberty
inv_c=$(show "$c" 'd["events"][0]["id"]')
judg_c=$(himaya --db "$db" case event "$c" judgment --date 2022-05-01 --outcome incompetence)
decision_c=$(show "$c" '[e["id"] for e in d["events"] if e["type"] == "decision"][0]')
refused "retracting a decision a judgment rests on" "$c" "no judgment before a decision to prosecute" \
	correction --supersedes "$decision_c" --retract
ev "retracting the investigation is harmless" "$c" correction --supersedes "$inv_c" --retract

# --- filings in free words; a filing decision with a reason code ---
d=$(open_case --number 2022/2105/20 --date 2022-03-01)
ev "a filing whose reason is free text" "$d" decision --date 2022-03-10 --decision filed --reason "عدم كفاية الأدلة"
check "the free-text reason is the note" [ "$(show "$d" 'd["events"][0]["reason"], d["events"][0]["note"]')" = "None عدم كفاية الأدلة" ]
e=$(open_case --number 2022/2105/21 --date 2022-03-01)
ev "a filing for an unknown author needs no reason" "$e" decision --date 2022-03-10 --decision unknown_author

# --- bad options and usage ---
expect_err "a case id that is not a number" 1 "case id: '1x' is not a whole number" \
	himaya --db "$db" case event 1x investigation --date 2022-03-02
expect_err "no such case" 1 "no case 999" himaya --db "$db" case event 999 investigation --date 2022-03-02
expect_err "months that are not a number" 1 "--prison-months: '12abc' is not a whole number" \
	himaya --db "$db" case event "$c" appeal --date 2022-06-01 --outcome conviction --prison-months 12abc
expect_err "a negative fine" 1 "--fine: -5 is out of range" \
	himaya --db "$db" case event "$c" appeal --date 2022-06-01 --outcome conviction --fine -5
expect_err "a bad event date" 1 "--date: '2022-06-31' is not a date" \
	himaya --db "$db" case event "$c" appeal --date 2022-06-31 --outcome upheld
expect_err "an unknown event type" 2 "unknown event type 'hearing'" himaya --db "$db" case event "$c" hearing --date 2022-06-01
expect_err "an event without a date" 2 "needs --date" himaya --db "$db" case event "$c" appeal --outcome upheld
expect_err "a ruling without an outcome" 2 "needs --outcome" himaya --db "$db" case event "$c" appeal --date 2022-06-01
expect_err "a decision without --decision" 2 "needs --decision" himaya --db "$db" case event "$d" decision --date 2022-06-01
expect_err "a sentence on an investigation" 2 "--prison-months does not apply to investigation" \
	himaya --db "$db" case event "$c" investigation --date 2022-06-01 --prison-months 3
expect_err "an outcome on a decision correction" 2 "--outcome does not apply to decision" \
	himaya --db "$db" case event "$b" correction --supersedes "$decision_b" --outcome conviction
expect_err "a correction without --supersedes" 2 "needs --supersedes" himaya --db "$db" case event "$c" correction --date 2022-06-01
expect_err "--retract without a correction" 2 "--retract applies only to a correction" \
	himaya --db "$db" case event "$c" report --date 2022-06-01 --retract
expect_err "a missing event type" 2 "takes a case id and an event type" himaya --db "$db" case event "$c"
expect_out "case event --help" "correction --supersedes" himaya --db "$db" case event --help
expect_err "case show of no case" 1 "no case 999" himaya --db "$db" case show 999
expect_err "case show needs one id" 2 "takes one case id" himaya --db "$db" case show

done_testing
