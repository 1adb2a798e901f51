#!/bin/sh
# tests/browser/test_browser.sh - starts the sanitized server on a
# temporary database (tests/http/lib.sh: demo data, a user per role) and
# runs run.js in headless Chromium as the First Instance prosecutor of
# Salé. Screenshots land in build/screenshots/ (not committed): look at
# them after a change to a page.
. "$(dirname "$0")/../http/lib.sh"

root=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -d "$root/tests/browser/node_modules/playwright-core" ]; then
	echo "not ok 1 - playwright-core is not installed (scripts/deps.sh test runs npm ci in tests/browser)"
	exit 1
fi
http_setup
mkdir -p "$root/build/screenshots"
HIMAYA_URL=$BASE HIMAYA_USER=sale HIMAYA_PASSWORD=$HTTP_PASSWORD \
	HIMAYA_TOTP_SECRET=$(cat "$TEST_DIR/secret.sale") HIMAYA_TODAY=$HTTP_TODAY \
	HIMAYA_ADMIN_TOTP_SECRET=$(cat "$TEST_DIR/secret.admin") \
	SCREENSHOTS="$root/build/screenshots" \
	node "$root/tests/browser/run.js" >"$TEST_DIR/browser.tap" 2>&1
node_status=$?
# Re-number the browser's TAP lines into this script's plan.
while IFS= read -r line; do
	case "$line" in
	"ok "*) : >"$OUT"; : >"$ERR"; _report 0 "browser: ${line#ok * - }" ;;
	"not ok "*) : >"$OUT"; : >"$ERR"; _report 1 "browser: ${line#not ok * - }" ;;
	"#"*) echo "$line" ;;
	esac
done <"$TEST_DIR/browser.tap"
check "the browser run finished (status $node_status)" [ "$node_status" -eq 0 ]
http_teardown
done_testing
