#!/bin/sh
# The backups docs/deployment.md prescribes restore to a working database
# with the same content: on PostgreSQL pg_dump -Fc then pg_restore into a
# new database; on SQLite `himaya backup --to FILE`, the copy used as is.
# Either way `audit verify` passes on the restored database and cases,
# events, referrals, users and the audit chain are the same.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2025-12-31
db=$(new_db) || exit 1
expect "demo data" 0 himaya --db "$db" demo --seed 2021 --cases 300
expect "referrals imported" 0 himaya --db "$db" import ncmec "$(dirname "$0")/../fixtures/ncmec/full.xml"
printf '%s\n' 'a long enough pass phrase' >"$TEST_DIR/pw"
expect "a user" 0 himaya --db "$db" user add salma --role court --court tpi-sale --password-stdin --no-qr <"$TEST_DIR/pw"

if is_pg; then
	dump="$TEST_DIR/himaya.dump"
	expect "pg_dump -Fc" 0 pg_dump -Fc -f "$dump" "$db"
	restored=$(empty_db) || exit 1
	expect "pg_restore into a new database" 0 pg_restore --no-owner -d "$restored" "$dump"
else
	restored="$TEST_DIR/restored.db"
	expect "himaya backup --to FILE" 0 himaya --db "$db" backup --to "$restored"
fi

expect_out "the restored audit chain verifies" '' himaya --db "$restored" audit verify
for what in "case list --json" "referral list --json" "user list --json" "table --national --year 2022 --format csv"; do
	# shellcheck disable=SC2086
	himaya --db "$db" $what >"$TEST_DIR/a" 2>&1
	# shellcheck disable=SC2086
	himaya --db "$restored" $what >"$TEST_DIR/b" 2>&1
	check "$what: the same on the restored database ($(wc -c <"$TEST_DIR/a") bytes)" \
		cmp -s "$TEST_DIR/a" "$TEST_DIR/b"
done
check "the same audit entries" [ "$(sql "$db" 'SELECT count(*) FROM audit')" = "$(sql "$restored" 'SELECT count(*) FROM audit')" ]
check "and some" [ "$(sql "$restored" 'SELECT count(*) FROM audit')" -gt 10 ]
# The restored database is a working one: it takes a write and still verifies.
expect "the restored database takes a new case" 0 himaya --db "$restored" case open --court tpi-sale \
	--number R/1 --date 2025-12-01 --body dgsn --subject csam_possession --platform cps
expect "and its chain still verifies" 0 himaya --db "$restored" audit verify

done_testing
