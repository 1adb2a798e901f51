#!/bin/sh
# Two people editing the same case at once (issue 7, several nodes): each
# form carries the case's version as the person saw it; a save after
# someone else's is refused with 409, naming who changed the case and
# when, and nothing is written - no update is lost silently. The same
# through the JSON API. (Run on both backends by tests/run.sh.)
. "$(dirname "$0")/lib.sh"

http_setup
for u in sale police pres; do
	check "login $u" http_login $u
done

CASE=$("$HIMAYA" --db "$DB" case open --court tpi-sale --number EDIT/1 --date 2025-06-01 --body dgsn \
	--unit "$POLICE_UNIT" --subject csam_distribution --platform ncmec)
check "a case both may write (case $CASE)" test -n "$CASE"

# version_on_page USER: the version the event forms of the case page carry.
version_on_page() {
	http_status "$1" GET "/cases/$CASE" >/dev/null
	sed -n 's/.*name="version" value="\([0-9]*\)".*/\1/p' "$PAGE" | head -n 1
}
events() { "$HIMAYA" --db "$DB" case show "$CASE" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["events"]))'; }

v_sale=$(version_on_page sale)
v_police=$(version_on_page police)
check "both pages carry the same version ($v_sale)" [ -n "$v_sale" ] && [ "$v_sale" = "$v_police" ]

# The prosecutor saves first...
code=$(http_post sale "/cases/$CASE/events" --data-urlencode type=decision --data-urlencode "version=$v_sale" \
	--data-urlencode date=02/06/2025 --data-urlencode code=at_liberty --data-urlencode charges=csam_distribution \
	--data-urlencode accused=1)
check "the first save is accepted (303, got $code)" [ "$code" = 303 ]
# ... the police officer, on the page as it was, saves a different decision.
code=$(http_post police "/cases/$CASE/events" --data-urlencode type=decision --data-urlencode "version=$v_police" \
	--data-urlencode date=03/06/2025 --data-urlencode code=detained --data-urlencode charges=csam_distribution \
	--data-urlencode accused=1)
check "the second save, on a stale page, is refused (409, got $code)" [ "$code" = 409 ]
check "the refusal names who changed the case" grep -qF 'sale' "$PAGE"
check "and says to reload, in Arabic" grep -qF 'أعد تحميل الصفحة' "$PAGE"
check "nothing was written by the refused save" [ "$(events)" = 1 ]
check "the decision is the first one" \
	[ "$("$HIMAYA" --db "$DB" case show "$CASE" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["decision"]["code"])')" = at_liberty ]

# Reloaded, the page carries the new version and the save goes through.
v_new=$(version_on_page police)
check "the reloaded page carries a newer version ($v_new > $v_police)" [ "$v_new" -gt "$v_police" ]
code=$(http_post police "/cases/$CASE/events" --data-urlencode type=judgment --data-urlencode "version=$v_new" \
	--data-urlencode date=01/07/2025 --data-urlencode code=conviction --data-urlencode prison=12)
check "after reloading, the save is accepted (303, got $code)" [ "$code" = 303 ]

# The JSON API: "version" is optional; a stale one is a 409 with who/when.
api_post() { # USER JSON
	curl -s -o "$PAGE" -w '%{http_code}' -b "$(jar "$1")" -H "X-CSRF-Token: $(csrf_of "$1")" \
		-H 'Content-Type: application/json' --data "$2" "$BASE/api/v1/cases/$CASE/events"
}
code=$(api_post sale "{\"type\":\"appeal\",\"date\":\"2025-07-01\",\"code\":\"upheld\",\"version\":$v_police}")
check "the API refuses a stale version (409, got $code)" [ "$code" = 409 ]
check "its answer names who changed the case and when" \
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["error"] == "changed" and d["changed_by"] == "police" and d["changed_at"].startswith("20") else 1)' "$PAGE"
http_status pres GET "/api/v1/cases/$CASE" >/dev/null
v_api=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$PAGE")
code=$(api_post sale "{\"type\":\"appeal\",\"date\":\"2025-07-01\",\"code\":\"upheld\",\"version\":$v_api}")
check "with the version it read, the API accepts (201, got $code)" [ "$code" = 201 ]

http_teardown
done_testing
