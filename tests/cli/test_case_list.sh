# End-to-end: `case list` and the circular's counting rule. A First
# Instance Court's case that was appealed stays in its own court's list,
# is not a case of the Court of Appeal that heard the appeal, and is in
# the district's list once; a Court of Appeal's own cases are the felonies
# first registered there. A case's district is the one of the map in force
# on its registration date.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2025-12-31
db=$(new_db)

# ids ARGS...: the ids `case list ARGS --json` returns, space-separated.
ids() {
	himaya --db "$db" case list "$@" --json |
		python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["count"] == len(d["cases"]); print(" ".join(str(c["id"]) for c in d["cases"]))'
}

open_case() {
	himaya --db "$db" case open --body dgsn --subject csam_distribution --platform ncmec "$@"
}

sale=$(open_case --court tpi-sale --number 2022/2105/1 --date 2022-03-01)
himaya --db "$db" case event "$sale" decision --date 2022-03-10 --decision detained >/dev/null
himaya --db "$db" case event "$sale" judgment --date 2022-05-10 --outcome conviction --prison-months 12 >/dev/null
himaya --db "$db" case event "$sale" appeal --date 2022-09-10 --outcome upheld >/dev/null
felony=$(open_case --court ca-rabat --number 2022/2611/1 --date 2022-04-01 --subject csam_production --platform cps)
rabat=$(open_case --court tpi-rabat --number 2023/2105/1 --date 2023-01-15 --platform both)
casa=$(open_case --court tpi-casablanca-penal --number 2021/2101/1 --date 2021-06-01 --body gr)
dakhla22=$(open_case --court tpi-dakhla --number 2022/2101/1 --date 2022-05-01)
dakhla24=$(open_case --court tpi-dakhla --number 2024/2101/1 --date 2024-05-01)
check "six cases opened" [ "$sale $felony $rabat $casa $dakhla22 $dakhla24" = "1 2 3 4 5 6" ]

# --- the counting rule ---
check "the appealed case is in its own court's list" [ "$(ids --court tpi-sale)" = "$sale" ]
check "the Court of Appeal's list holds its own felony, not the appeal it heard" [ "$(ids --court ca-rabat)" = "$felony" ]
check "the district lists each of its cases once" [ "$(ids --district ca-rabat)" = "$felony $rabat $sale" ]
check "another district holds none of them" [ "$(ids --district ca-casablanca)" = "$casa" ]
check "the appeal is the case's appeal outcome" [ "$(himaya --db "$db" case list --court tpi-sale --json |
	python3 -c 'import json,sys; c=json.load(sys.stdin)["cases"][0]; print(c["stage"], c["appeal"]["code"], c["district"])')" = \
	"appeal_judged upheld ca-rabat" ]
expect_out "the table shows the appeal outcome in the case's row" "tpi-sale +2022/2105/1 +2022-03-01 +ncmec +appeal_judged +detained +conviction +upheld" \
	himaya --db "$db" case list --court tpi-sale
check "the Court of Appeal's table has one row" [ "$(himaya --db "$db" case list --court ca-rabat | grep -c 'ca-rabat')" = 1 ]

# --- a court that a decree moved keeps its old cases in their old district ---
check "tpi-dakhla's 2022 case is in ca-laayoune's district" [ "$(ids --district ca-laayoune)" = "$dakhla22" ]
check "tpi-dakhla's 2024 case is in ca-dakhla's district" [ "$(ids --district ca-dakhla)" = "$dakhla24" ]
check "both are tpi-dakhla's cases, in date order across the move" [ "$(ids --court tpi-dakhla)" = "$dakhla22 $dakhla24" ]

# --- filters ---
check "--year" [ "$(ids --year 2022 --district ca-rabat)" = "$felony $sale" ]
check "--year with no case" [ "$(ids --year 2019)" = "" ]
check "--platform cps (a case with both counts)" [ "$(ids --platform cps)" = "$felony $rabat" ]
check "--platform accepts the circular's NECMEC" [ "$(ids --platform NECMEC --court tpi-rabat)" = "$rabat" ]
check "--stage" [ "$(ids --stage appeal_judged)" = "$sale" ]
check "--stage registered" [ "$(ids --stage registered --district ca-rabat)" = "$felony $rabat" ]
check "--limit" [ "$(ids --district ca-rabat --limit 2)" = "$felony $rabat" ]
check "no filter: every case, district by district" [ "$(ids)" = "$casa $dakhla24 $dakhla22 $felony $rabat $sale" ]
himaya --db "$db" case list --json >"$TEST_DIR/list.json" 2>"$ERR"
check "list JSON has codes and labels" python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["cases"] if c["court"] == "tpi-sale"][0]
assert c["decision"]["code"] == "detained" and c["decision"]["label_ar"] == "متابعة في حالة اعتقال"
assert c["first_instance"]["label_fr"] == "condamnation" and c["first_instance"]["sentence"]["prison_months"] == 12
assert c["stage_label_ar"] and c["court_name_fr"] == "Tribunal de première instance de Salé"
assert "created_at" not in c
' "$TEST_DIR/list.json"
expect_out "the human table ends with the count" "^6 cases$" himaya --db "$db" --lang en case list

# --- bad filters ---
expect_err "--court and --district together" 2 "--court or --district, not both" himaya --db "$db" case list --court tpi-sale --district ca-rabat
expect_err "an unknown court" 1 "--court: 'tpi-x' is not in the judicial map" himaya --db "$db" case list --court tpi-x
expect_err "a district that is not a Court of Appeal" 1 "--district: 'tpi-sale' is not a Court of Appeal" himaya --db "$db" case list --district tpi-sale
expect_err "a bad year" 1 "--year: '22' is out of range|--year: 22 is out of range" himaya --db "$db" case list --year 22
expect_err "a year that is not a number" 1 "--year: '2022x' is not a whole number" himaya --db "$db" case list --year 2022x
expect_err "an unknown stage" 1 "--stage: unknown stage 'closed' \(known: registered" himaya --db "$db" case list --stage closed
expect_err "an unknown platform" 1 "--platform: unknown platform 'irc'" himaya --db "$db" case list --platform irc
expect_err "a zero limit" 1 "--limit: 0 is out of range" himaya --db "$db" case list --limit 0

done_testing
