#!/bin/sh
# The authorization matrix: every route × every role × own court /
# another court, with exactly the status codes allowed. A case outside
# the reader's scope is 404, exactly like a case that does not exist.
. "$(dirname "$0")/lib.sh"

http_setup
for u in admin pres ca sale marr police; do
	check "login $u" http_login $u
done
MISSING=999999

# expect_row PATH METHOD "admin pres ca sale marr police" [curl args]
expect_row() {
	_path=$1 _method=$2 _wants=$3
	shift 3
	set -- $_wants "$@"
	for _u in admin pres ca sale marr police; do
		_w=$1
		shift
		eval "_w_$_u=\$_w"
	done
	for _u in admin pres ca sale marr police; do
		eval "_w=\$_w_$_u"
		if [ "$_method" = POST ]; then
			expect_status "$_method $_path as $_u -> $_w" "$_w" "$_u" POST "$_path" \
				--data-urlencode "csrf=$(csrf_of "$_u")" "$@"
		else
			expect_status "$_method $_path as $_u -> $_w" "$_w" "$_u" "$_method" "$_path" "$@"
		fi
	done
}

check "demo cases found (sale $CASE_SALE, rabat $CASE_RABAT, marrakech $CASE_MARR)" \
	test -n "$CASE_SALE" -a -n "$CASE_RABAT" -a -n "$CASE_MARR"

#                                            admin pres ca  sale marr police
expect_row /                          GET   "303   200  200 200  200  200"
expect_row /cases                     GET   "403   200  200 200  200  200"
expect_row /cases/new                 GET   "403   403  200 200  200  200"
expect_row "/cases/$CASE_SALE"        GET   "403   200  200 200  404  200"
expect_row "/cases/$CASE_RABAT"       GET   "403   200  200 404  404  404"
expect_row "/cases/$CASE_MARR"        GET   "403   200  404 404  200  404"
expect_row "/cases/$MISSING"          GET   "403   404  404 404  404  404"
# A form without a date: 422 where the user may write, else 403 or 404.
expect_row /cases                     POST  "403   403  422 422  422  422"
expect_row "/cases/$CASE_SALE/events" POST  "403   403  403 422  404  422" --data-urlencode type=investigation
expect_row "/cases/$CASE_RABAT/events" POST "403   403  403 404  404  404" --data-urlencode type=investigation
expect_row "/cases/$CASE_MARR/events" POST  "403   403  404 404  422  404" --data-urlencode type=investigation
expect_row "/cases/$MISSING/events"   POST  "403   403  404 404  404  404" --data-urlencode type=investigation
expect_row /table                     GET   "403   200  200 200  200  403"
expect_row "/table?scope=national"    GET   "403   200  403 403  403  403"
expect_row "/table?scope=district&code=ca-rabat" GET "403 200 200 403 403 403"
expect_row "/table?scope=court&code=tpi-sale" GET "403 200 200 200 403 403"
expect_row "/table?scope=court&code=tpi-marrakech" GET "403 200 403 403 200 403"
expect_row "/table/download?format=csv&scope=court&code=tpi-sale" GET "403 200 200 200 403 403"
expect_row /difficulties              GET   "403   200  200 200  200  403"
expect_row /admin                     GET   "200   403  403 403  403  403"
expect_row /audit                     GET   "200   403  403 403  403  403"
# Without a name: 422 for the administrator, the role check first for the others.
expect_row /admin/totp                POST  "422   403  403 403  403  403"
expect_row /api/v1/cases              GET   "403   200  200 200  200  200"
expect_row "/api/v1/cases/$CASE_SALE" GET   "403   200  200 200  404  200"
expect_row "/api/v1/cases/$CASE_MARR" GET   "403   200  404 404  200  404"
expect_row "/api/v1/cases/$CASE_SALE/events" GET "403 200 200 200 404 200"
expect_row "/api/v1/table?scope=court&code=tpi-sale" GET "403 200 200 200 403 403"
# The triage queue: every reader has one (its courts', its unit's, all);
# a subject outside it is 404 like one that does not exist.
expect_row /triage                    GET   "403   200  200 200  200  200"
expect_row "/subjects/$MISSING"       GET   "403   404  404 404  404  404"
# Referrals: listed by the Presidency and the police units; a court sees
# one through a case of its own. Linking an unknown report number comes
# back to the case (303) where the user writes it, else 403 or 404.
expect_row /referrals                 GET   "403   200  403 403  403  200"
expect_row "/referrals/$MISSING"      GET   "403   404  404 404  404  404"
expect_row "/cases/$CASE_SALE/referrals" POST "403 403 403 303  404  303" --data-urlencode referral=ncmec:0
expect_row "/cases/$CASE_MARR/referrals" POST "403 403 404 404  303  404" --data-urlencode referral=ncmec:0
expect_row "/cases/$CASE_SALE/referrals/$MISSING/unlink" POST "403 403 403 404 404 404"

# Not signed in: pages send to the login page, the API says 401.
expect_status "anonymous GET / -> 303" 303 - GET /
expect_status "anonymous GET /cases/$CASE_SALE -> 303" 303 - GET "/cases/$CASE_SALE"
expect_status "anonymous GET /api/v1/cases -> 401" 401 - GET /api/v1/cases
expect_status "anonymous GET /static/app.css -> 200" 200 - GET /static/app.css
expect_status "unknown path -> 404" 404 sale GET /no/such/page
expect_status "wrong method -> 405" 405 sale DELETE /cases

# What a list shows is the scope's: the other court's file numbers never appear.
_marr_file=$("$HIMAYA" --db "$DB" case show "$CASE_MARR" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["file_number"])')
http_status sale GET "/cases?court=tpi-marrakech" >/dev/null
check "sale's list filtered on another court shows none of its cases" sh -c "! grep -qF '$_marr_file' '$PAGE'"
http_status pres GET "/cases?court=tpi-marrakech" >/dev/null
check "the Presidency's list shows them" grep -qF "$_marr_file" "$PAGE"

http_teardown
done_testing
