# End-to-end: `himaya backup --to FILE` - a consistent copy of a court's
# SQLite database taken while it is in use, restored by opening the file.
# Backups taken while an import commits batch after batch must each be one
# instant of the database (the referrals stored and the import's own
# progress row, written in the same transaction, agree) with an audit
# chain that verifies; a backup at rest reads back exactly as the
# database. On PostgreSQL the command says to use pg_dump.
. "$(dirname "$0")/lib.sh"

export HIMAYA_TODAY=2025-07-01
fx="$(cd "$(dirname "$0")/../fixtures" && pwd)"

if is_pg; then
	db=$(new_db)
	expect_err "PostgreSQL: backup points to pg_dump, exit 2" 2 'pg_dump' himaya --db "$db" backup --to "$TEST_DIR/x.db"
	check "... and writes nothing" [ ! -e "$TEST_DIR/x.db" ]
	done_testing
	exit $?
fi

db=$(new_db)
himaya --db "$db" demo --seed 2021 >/dev/null 2>&1
himaya --db "$db" import ncmec "$fx/import/reports.xml" >/dev/null 2>&1
printf 'a long pass phrase here\n' | himaya --db "$db" user add salma --role court --court tpi-sale --password-stdin >/dev/null 2>&1
check "a court's database" [ "$(sqlite3 "$db" 'SELECT count(*) FROM cases'),$(sqlite3 "$db" 'SELECT count(*) FROM users')" = "120,1" ]

# --- usage ---
expect_err "no --to: exit 2" 2 'needs --to' himaya --db "$db" backup
expect_err "onto the database itself: exit 2" 2 'is the database itself' himaya --db "$db" backup --to "$db"
expect_err "into a directory that does not exist: exit 2" 2 'cannot create' himaya --db "$db" backup --to "$TEST_DIR/nope/b.db"
expect_err "a database that does not exist: exit 2" 2 'does not exist' himaya --db "$TEST_DIR/none.db" backup --to "$TEST_DIR/b.db"
check "... nothing written" [ ! -e "$TEST_DIR/b.db" ]
expect_out "backup --help" 'backup --to FILE' himaya backup --help

# --- at rest: the copy is the database ---
bak="$TEST_DIR/at-rest.db"
expect_out "backup (text, Arabic first)" 'كُتبت النسخة الاحتياطية' himaya --db "$db" backup --to "$bak"
check "one self-contained file (no -wal beside it)" sh -c '[ -s "$1" ] && [ ! -e "$1-wal" ]' - "$bak"
expect_out "the backup is recorded in the database's audit log" 'backup	database	'"$bak" himaya --db "$db" audit list
same() {
	himaya --db "$db" "$@" >"$TEST_DIR/a.out" 2>"$ERR" && himaya --db "$bak" "$@" >"$TEST_DIR/b.out" 2>>"$ERR" &&
		cmp -s "$TEST_DIR/a.out" "$TEST_DIR/b.out"
}
check "restored: the same cases" same case list --json
check "restored: the same table" same table --national --from 2021-01-01 --to 2025-06-30 --format csv
check "restored: the same referrals" same referral list --json
check "restored: the same users" same user list --json
check "restored: the same audit log, the backup's own record included" same audit list --json
expect_out "restored: the audit chain verifies" '"ok": true' himaya --db "$bak" audit verify --json
cp "$bak" "$TEST_DIR/moved.db"
expect_out "the file alone, moved elsewhere, is the whole database" '"count": 120' himaya --db "$TEST_DIR/moved.db" case list --json
expect_out "a restored database takes new work" '"id"' himaya --db "$TEST_DIR/moved.db" case open --court tpi-sale \
	--number 2025/1/1 --date 2025-06-30 --body dgsn --subject csam_distribution --platform ncmec --suspects 1 --json
himaya --db "$db" backup --to "$bak" --json >"$OUT" 2>"$ERR"
check "a second backup replaces the file (--json: its size)" [ "$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['file'] == sys.argv[2] and d['bytes'] > 0)" "$OUT" "$bak")" = True ]
check "... and no temporary file is left" [ -z "$(ls "$TEST_DIR" | grep '\.tmp-')" ]

# --- while an import writes ---
# NCMEC tip lists of n reports numbered from first.
tips() {
	printf 'report_id,priority,received,incident_type,esp,ip,port,ip_datetime,email,screen_name,phone,file_md5,country,region,city,isp\n'
	awk -v n="$1" -v first="$2" 'BEGIN { for (i = 1; i <= n; i++)
		printf "%d,2,2022-06-01,Apparent Child Pornography,Example Chat,105.66.%d.%d,443,2022-05-30T10:00:00Z,u%d@example.invalid,,,,ma,,,\n",
			first + i, int(i / 250), i % 250, first + i }'
}
# A database that already holds referrals, then a second import into it,
# committed in batches, while backups are taken. (The first import makes
# the second an ordinary one: a first large import into an almost empty
# table sets its indexes aside until it ends - sqlite_import_bulk.c.)
tips 5000 400000 >"$TEST_DIR/tips1.csv"
tips 20000 500000 >"$TEST_DIR/tips2.csv"
himaya --db "$db" import ncmec "$TEST_DIR/tips1.csv" >/dev/null 2>&1
check "a first import" [ "$(sqlite3 "$db" 'SELECT count(*) FROM referrals')" = 5003 ]
tips="$TEST_DIR/tips2.csv"
HIMAYA_IMPORT_BATCH=500 "$HIMAYA" --db "$db" import ncmec "$tips" >"$TEST_DIR/import.out" 2>&1 &
pid=$!
# Backups one after another for as long as the import runs (at most 8),
# from when it has committed its first batches. (Each backup's own audit
# record waits for the write lock, which the import holds batch after
# batch; after the busy timeout the backup is taken without it.)
sleep 2
n=0
while [ $n -lt 8 ] && { [ $n -eq 0 ] || kill -0 $pid 2>/dev/null; }; do
	n=$((n + 1))
	himaya --db "$db" backup --to "$TEST_DIR/live$n.db" >/dev/null 2>"$TEST_DIR/live$n.err" ||
		echo "# backup $n failed: $(cat "$TEST_DIR/live$n.err")"
	[ -s "$TEST_DIR/live$n.err" ] && echo "# backup $n: $(cat "$TEST_DIR/live$n.err")"
done
wait $pid
check "the import went on and finished meanwhile" grep -q '20000' "$TEST_DIR/import.out"
mid=0
i=0
while [ $i -lt $n ]; do
	i=$((i + 1))
	b="$TEST_DIR/live$i.db"
	check "live backup $i: written" [ -s "$b" ]
	check "live backup $i: SQLite finds it intact" [ "$(sqlite3 "$b" 'PRAGMA integrity_check')" = ok ]
	expect_out "live backup $i: its audit chain verifies" '"ok": true' himaya --db "$b" audit verify --json
	# One instant: the referrals of the running import and its progress
	# row, committed together, agree in the copy.
	got=$(sqlite3 "$b" "SELECT (SELECT count(*) FROM referrals WHERE import_id = i.id) || ' ' || i.records_done
		FROM imports i WHERE file = '$tips'")
	check "live backup $i: one instant (referrals stored = the import's progress: ${got:-none yet})" \
		sh -c '[ -z "$1" ] || [ "${1% *}" = "${1#* }" ]' - "$got"
	case "$got" in "" | "0 0" | "20000 20000") ;; *) mid=$((mid + 1)) ;; esac
done
echo "# $mid of $n live backups were taken in the middle of the import"
check "the database itself ends with every referral" [ "$(sqlite3 "$db" 'SELECT count(*) FROM referrals')" = 25003 ]

done_testing
