#!/bin/sh
# Corrections and retractions of recorded events, on the case page and in
# the JSON API: who may make them, the stage machine's refusals shown in
# Arabic (and French) next to the field, and history kept (the corrected
# event stays in the timeline, marked as corrected; nothing is deleted).
. "$(dirname "$0")/lib.sh"

http_setup
for u in admin pres ca sale marr police; do
	check "login $u" http_login $u
done

# A case of the Salé court investigated by the police unit: both may write it.
CASE=$("$HIMAYA" --db "$DB" case open --court tpi-sale --number FIX/1 --date 2025-06-01 --body dgsn \
	--unit "$POLICE_UNIT" --subject csam_distribution,sextortion --platform ncmec)
DEC=$(HIMAYA_TODAY=$HTTP_TODAY "$HIMAYA" --db "$DB" case event "$CASE" decision --date 2025-06-02 \
	--decision at_liberty --charges csam_distribution --accused 1)
check "a case with a decision to correct (case $CASE, event $DEC)" test -n "$CASE" -a -n "$DEC"

# state FIELD: a field of the case as the Presidency reads it in the API.
state() {
	curl -s -b "$(jar pres)" "$BASE/api/v1/cases/$CASE" | python3 -c 'import json,sys; v=json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
}
fix_post() { # USER FIELD=VALUE...: a correction form sent to the case
	_fu=$1
	shift
	for _f in "$@"; do
		set -- "$@" --data-urlencode "$_f"
		shift
	done
	http_post "$_fu" "/cases/$CASE/events" "$@"
}

# --- the page offers both forms on an event that stands ---
http_status sale GET "/cases/$CASE" >/dev/null
check "the timeline offers to correct event $DEC" grep -qF "id=\"fix-$DEC-date\"" "$PAGE"
check "and to retract it" grep -qF "id=\"retract-$DEC-date\"" "$PAGE"
check "the correction form restates the event (decision chosen)" \
	python3 -c 'import re,sys; p=open(sys.argv[1]).read(); i=p.index("id=\"fix-"+sys.argv[2]+"-code\""); sys.exit(0 if re.search(r"value=\"at_liberty\" selected", p[i:i+4000]) else 1)' "$PAGE" "$DEC"
check "its date as day/month/year" grep -qF "id=\"fix-$DEC-date\" name=\"date\" type=\"text\"" "$PAGE"
check "the date's format is in the label" grep -qF '(يوم/شهر/سنة)' "$PAGE"
http_status pres GET "/cases/$CASE" >/dev/null
check "the Presidency reads the case without correction forms" sh -c "! grep -qF 'name=\"supersedes\"' '$PAGE'"
http_status ca GET "/cases/$CASE" >/dev/null
check "the Court of Appeal too" sh -c "! grep -qF 'name=\"supersedes\"' '$PAGE'"

# --- who may correct ---
for row in "admin 403" "pres 403" "ca 403" "marr 404"; do
	set -- $row
	code=$(fix_post "$1" type=decision supersedes="$DEC" date=03/06/2025 code=detained)
	check "$1 may not correct (expected $2, got $code)" [ "$code" = "$2" ]
done
code=$(curl -s -o "$PAGE" -w '%{http_code}' -b "$(jar sale)" --data-urlencode type=decision \
	--data-urlencode supersedes="$DEC" --data-urlencode date=03/06/2025 --data-urlencode code=detained "$BASE/cases/$CASE/events")
check "a correction without the CSRF token is refused (403, got $code)" [ "$code" = 403 ]
check "nothing was recorded by the refused attempts" [ "$(state decision)" = at_liberty ]

# --- a form that cannot be read ---
code=$(fix_post sale type=decision supersedes="$DEC" date=31/02/2025 code=detained)
check "an impossible date is refused (422, got $code)" [ "$code" = 422 ]
check "the reason is next to the date of the correction form" \
	python3 -c 'import sys; p=open(sys.argv[1]).read(); i=p.index("id=\"fix-"+sys.argv[2]+"-date\""); sys.exit(0 if "التاريخ غير صحيح" in p[i:i+600] else 1)' "$PAGE" "$DEC"
check "the refused correction form is open, with what was typed" grep -qF 'value="31/02/2025"' "$PAGE"
code=$(fix_post sale type=decision supersedes=abc date=03/06/2025 code=detained)
check "a malformed event id is a bad request (400, got $code)" [ "$code" = 400 ]
code=$(fix_post sale type=decision retract=1 date=03/06/2025)
check "a retraction must name its event (400, got $code)" [ "$code" = 400 ]

# --- the correction ---
code=$(fix_post sale type=decision supersedes="$DEC" date=03/06/2025 code=detained charge_csam_distribution=1 \
	charge_sextortion=1 accused=2 note='الصواب: متابعة في حالة اعتقال')
check "the prosecutor corrects the decision, date typed day/month/year (303, got $code)" [ "$code" = 303 ]
check "the case's state follows the correction" [ "$(state decision)" = detained ]
check "with the corrected date" [ "$(state decision_date)" = 2025-06-03 ]
http_status sale GET "/cases/$CASE" >/dev/null
FIX=$(sed -n 's/.*id="fix-\([0-9]*\)-date".*/\1/p' "$PAGE" | head -n 1)
check "the correction is a new event ($FIX) offered for correction in turn" [ -n "$FIX" -a "$FIX" != "$DEC" ]
check "the corrected event stays in the timeline, marked corrected" grep -qF "<li id=\"event-$DEC\" class=\"replaced\">" "$PAGE"
check "with the tag naming its correction" grep -qF 'مصحح لاحقا (<a href="#event-'"$FIX"'">' "$PAGE"
check "the correction names the event it corrects" grep -qF "يصحح الإجراء رقم <a href=\"#event-$DEC\">" "$PAGE"
check "the corrected event has no form any more" sh -c "! grep -qF 'id=\"fix-$DEC-date\"' '$PAGE'"

# --- what the stage machine refuses, next to the form, in Arabic ---
code=$(fix_post sale type=decision supersedes="$DEC" date=04/06/2025 code=at_liberty)
check "an event already corrected cannot be corrected again (422, got $code)" [ "$code" = 422 ]
check "the reason is given in Arabic" grep -qF 'يجب أن ينصب التصحيح على إجراء سابق في نفس القضية لم يسبق تصحيحه' "$PAGE"
code=$(fix_post sale type=judgment supersedes="$FIX" date=04/06/2025 code=conviction)
check "a correction of another kind is refused (422, got $code)" [ "$code" = 422 ]
check "with its reason" grep -qF 'يجب أن يكون التصحيح من نفس نوع الإجراء المصحح' "$PAGE"
code=$(fix_post sale type=decision supersedes="$FIX" date=01/07/2026 code=detained)
check "a correction dated in the future is refused (422, got $code)" [ "$code" = 422 ]
check "the reason is next to its date" \
	python3 -c 'import sys; p=open(sys.argv[1]).read(); i=p.index("id=\"fix-"+sys.argv[2]+"-date\""); sys.exit(0 if "field-error" in p[i:i+600] else 1)' "$PAGE" "$FIX"
OTHER=$(curl -s -b "$(jar pres)" "$BASE/api/v1/cases/$CASE_MARR/events" | python3 -c 'import json,sys; e=json.load(sys.stdin)["events"]; print(e[0]["id"] if e else "")')
if [ -n "$OTHER" ]; then
	code=$(fix_post sale type=investigation supersedes="$OTHER" date=04/06/2025)
	check "an event of another court's case cannot be corrected from this one (422, got $code)" [ "$code" = 422 ]
	check "the other case is untouched" sh -c "curl -s -b '$(jar pres)' '$BASE/api/v1/cases/$CASE_MARR/events' | grep -qv '\"supersedes\":$OTHER'"
fi
http_post sale /lang --data-urlencode lang=fr >/dev/null
code=$(fix_post sale type=decision supersedes="$DEC" date=04/06/2025 code=at_liberty)
check "in French the refusal is in French (422, got $code)" grep -qF "une rectification doit viser un acte antérieur" "$PAGE"
http_post sale /lang --data-urlencode lang=ar >/dev/null
check "the state did not move through the refusals" [ "$(state decision_date)" = 2025-06-03 ]

# --- the police unit retracts the corrected decision ---
code=$(fix_post police type=decision supersedes="$FIX" retract=1 date=2025-06-20 note='قرار سجل خطأ')
check "the police unit retracts the decision, ISO date (303, got $code)" [ "$code" = 303 ]
check "the case has no decision any more" [ "$(state decision)" = "" ]
http_status sale GET "/cases/$CASE" >/dev/null
check "the retracted event stays, marked retracted" grep -qF "<li id=\"event-$FIX\" class=\"replaced\">" "$PAGE"
check "with the tag" grep -qF 'مسحوب' "$PAGE"
check "the retraction names the event it withdraws" grep -qF "يلغي الإجراء رقم <a href=\"#event-$FIX\">" "$PAGE"
check "the first decision is still there too" grep -qF "id=\"event-$DEC\"" "$PAGE"
check "nothing left to correct on the timeline" sh -c "! grep -qF 'name=\"supersedes\"' '$PAGE'"

# --- the JSON API ---
api() { # USER JSON: POST an event, the body in $PAGE, the status printed
	curl -s -o "$PAGE" -w '%{http_code}' -b "$(jar "$1")" -H "X-CSRF-Token: $(csrf_of "$1")" \
		-H 'Content-Type: application/json' --data "$2" "$BASE/api/v1/cases/$CASE/events"
}
code=$(api sale '{"type":"decision","date":"2025-06-21","code":"detained","charges":["csam_distribution"],"accused":1}')
NEW=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("id",""))' "$PAGE")
check "the API records a new decision (201, got $code)" [ "$code" = 201 -a -n "$NEW" ]
code=$(api sale '{"type":"decision","date":"2025-06-22","code":"at_liberty","charges":["csam_distribution"],"accused":1,"supersedes":'"$NEW"'}')
check "the API records its correction (201, got $code)" [ "$code" = 201 ]
check "which names the event it supersedes" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["supersedes"] == int(sys.argv[2]) and d["retracts"] is False else 1)' "$PAGE" "$NEW"
API_FIX=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$PAGE")
code=$(api sale '{"type":"decision","date":"2025-06-22","code":"filed","supersedes":'"$NEW"'}')
check "the API refuses a second correction of it (422, got $code)" [ "$code" = 422 ]
check "with the reason in Arabic and French" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["reason"] == "correction_target" and "التصحيح" in d["message_ar"] and "rectification" in d["message_fr"] else 1)' "$PAGE"
code=$(api sale '{"type":"decision","date":"2025-06-22","code":"filed","supersedes":"x"}')
check "supersedes must be an event id (422, got $code)" [ "$code" = 422 ]
code=$(api sale '{"type":"decision","date":"2025-06-22","retracts":true}')
check "a retraction needs supersedes (422, got $code)" [ "$code" = 422 ]
code=$(curl -s -o "$PAGE" -w '%{http_code}' -b "$(jar ca)" -H "X-CSRF-Token: $(csrf_of ca)" -H 'Content-Type: application/json' \
	--data '{"type":"decision","date":"2025-06-23","retracts":true,"supersedes":'"$API_FIX"'}' "$BASE/api/v1/cases/$CASE/events")
check "the Court of Appeal may not retract a First Instance Court's event (403, got $code)" [ "$code" = 403 ]
code=$(api police '{"type":"decision","date":"2025-06-23","retracts":true,"supersedes":'"$API_FIX"',"note":"retrait"}')
check "the police unit retracts through the API (201, got $code)" [ "$code" = 201 ]
check "the case has no decision after it" [ "$(state decision)" = "" ]
http_status sale GET "/api/v1/cases/$CASE/events" >/dev/null
check "history kept: all six events are listed, none deleted" python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["events"]; sys.exit(0 if len(e) == 6 and [x["retracts"] for x in e].count(True) == 2 else 1)' "$PAGE"
check "the corrections are in the audit log" sh -c "'$HIMAYA' --db '$DB' audit list --case '$CASE' | grep -q 'correcting $DEC'"
check "the audit chain verifies" sh -c "'$HIMAYA' --db '$DB' audit verify >/dev/null"

http_teardown
done_testing
