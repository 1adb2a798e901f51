# bench/floor.sh - the floor under a goal: what the database itself takes
# to store the rows Himaya stored, with nothing parsed and nothing decided.
#
# A goal compares Himaya with a baseline that stores one bare row per input
# record (`.import`, `\copy` into a table of text columns) or sorts them
# (`sort -u`). Himaya must store more rows than that (a CPS line becomes
# two sightings, a file, a share of its lead's identifier and places), under
# the keys that make a re-import add nothing and the indexes the search and
# the linker read. These functions copy the rows of the tables Himaya wrote
# into bare tables (timed), then build the keys and indexes the schema
# declares on them (timed): a ratio at or above the goal shows that the
# goal cannot be met with this schema, whatever the importer or the linker
# does.
#
# Sourced after bench/lib.sh.

# The tables a referral import writes.
IMPORT_TABLES="referrals referral_idents ip_events referral_files referral_locations link_pending"

# sqlite_floor JOURNAL DB TABLE...: prints "ROWS LOAD_SECONDS INDEX_SECONDS",
# the copy made in journal mode JOURNAL: wal as Himaya writes (so that the
# server keeps reading during an import), or delete, SQLite's fastest for
# a bulk load into a new file (WAL writes each page twice). On
# SQLite the rows are copied with INSERT ... SELECT from DB itself (no text
# to parse at all: lower than any import could be) into tables of the same
# columns and types and no constraint, but stored as Himaya's are: a table
# clustered on its key (WITHOUT ROWID) as such, an INTEGER PRIMARY KEY as
# the rowid (neither is an index of its own).
sqlite_floor() {
	fl_journal=$1
	fl_src=$2
	shift 2
	fl_dir=$BENCH_DIR/floor
	rm -rf "$fl_dir"
	mkdir -p "$fl_dir"
	fl_db=$fl_dir/floor.db
	fl_rows=0
	fl_load_sql=$fl_dir/load.sql
	fl_index_sql=$fl_dir/index.sql
	# Himaya's synchronous setting and, as in its imports, a second
	# sorter thread for the index builds and SQLite's default page cache
	# (a larger one makes the sorter slower, measured).
	fl_pragmas="PRAGMA journal_mode = $fl_journal; PRAGMA synchronous = NORMAL; PRAGMA threads = 2;"
	printf "%s\nATTACH '%s' AS src;\nBEGIN;\n" "$fl_pragmas" "$fl_src" >"$fl_load_sql"
	printf '%s\nBEGIN;\n' "$fl_pragmas" >"$fl_index_sql"
	for fl_t in "$@"; do
		fl_cols=$(sqlite3 "$fl_src" "SELECT group_concat(name || ' ' || type, ', ') FROM pragma_table_info('$fl_t')")
		fl_pk=$(sqlite3 "$fl_src" "SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_table_info('$fl_t') WHERE pk > 0 ORDER BY pk)")
		# A table clustered on its key (WITHOUT ROWID) is its key's
		# B-tree: copied as such, in that order, its key part of the rows.
		if sqlite3 "$fl_src" "SELECT sql FROM sqlite_master WHERE name = '$fl_t'" | grep -q 'WITHOUT ROWID'; then
			sqlite3 "$fl_db" "CREATE TABLE $fl_t ($fl_cols, PRIMARY KEY ($fl_pk)) WITHOUT ROWID"
			fl_pk=
		else
			# An INTEGER PRIMARY KEY is the rowid itself: no index.
			fl_rowid=$(sqlite3 "$fl_src" "SELECT name FROM pragma_table_info('$fl_t')
				WHERE pk = 1 AND upper(type) = 'INTEGER' AND (SELECT count(*) FROM pragma_table_info('$fl_t') WHERE pk > 0) = 1")
			if [ -n "$fl_rowid" ]; then
				fl_cols=$(echo "$fl_cols" | sed "s/\b$fl_rowid INTEGER\b/$fl_rowid INTEGER PRIMARY KEY/")
				fl_pk=
			fi
			sqlite3 "$fl_db" "CREATE TABLE $fl_t ($fl_cols)"
		fi
		fl_rows=$((fl_rows + $(sqlite3 "$fl_src" "SELECT count(*) FROM $fl_t")))
		printf 'INSERT INTO main.%s SELECT * FROM src.%s;\n' "$fl_t" "$fl_t" >>"$fl_load_sql"
		# The primary key and the UNIQUE constraints as unique indexes,
		# then the schema's own indexes.
		[ -n "$fl_pk" ] && printf 'CREATE UNIQUE INDEX %s_floor_pk ON %s (%s);\n' "$fl_t" "$fl_t" "$fl_pk" >>"$fl_index_sql"
		sqlite3 "$fl_src" "SELECT 'CREATE UNIQUE INDEX ${fl_t}_floor_u' || l.seq || ' ON $fl_t (' ||
			(SELECT group_concat(x.name, ', ') FROM pragma_index_xinfo(l.name) x WHERE x.key = 1) || ');'
			FROM pragma_index_list('$fl_t') l WHERE l.origin = 'u'" >>"$fl_index_sql"
		sqlite3 "$fl_src" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = '$fl_t' AND sql IS NOT NULL" >>"$fl_index_sql"
	done
	printf 'COMMIT;\n' >>"$fl_load_sql"
	printf 'COMMIT;\n' >>"$fl_index_sql"
	sync
	fl_t0=$(now)
	sqlite3 -bail "$fl_db" <"$fl_load_sql" >/dev/null || { echo "bench: the floor's copy failed" >&2; exit 1; }
	fl_t1=$(now)
	sqlite3 -bail "$fl_db" <"$fl_index_sql" >/dev/null || { echo "bench: the floor's indexes failed" >&2; exit 1; }
	fl_t2=$(now)
	echo "$fl_rows $(elapsed "$fl_t0" "$fl_t1") $(elapsed "$fl_t1" "$fl_t2")"
	rm -rf "$fl_dir"
}

# pg_floor URL TABLE...: the same on PostgreSQL, into tables of the same
# columns and no constraint (LIKE) in a schema of their own, then the
# primary keys, unique keys and indexes the schema declares. Prints "ROWS
# LOAD_SECONDS INDEX_SECONDS".
pg_floor() {
	fl_src=$1
	shift
	fl_dir=$BENCH_DIR/floor
	rm -rf "$fl_dir"
	mkdir -p "$fl_dir"
	fl_rows=0
	fl_load_sql=$fl_dir/load.sql
	fl_index_sql=$fl_dir/index.sql
	printf 'BEGIN;\n' >"$fl_load_sql"
	printf 'BEGIN;\n' >"$fl_index_sql"
	psql "$fl_src" -qAt -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
		-c "DROP SCHEMA IF EXISTS floor CASCADE" -c "CREATE SCHEMA floor" >/dev/null
	for fl_t in "$@"; do
		fl_rows=$((fl_rows + $(psql "$fl_src" -qAt -c "SELECT count(*) FROM $fl_t")))
		psql "$fl_src" -qAt -v ON_ERROR_STOP=1 -c "CREATE TABLE floor.$fl_t (LIKE public.$fl_t)" >/dev/null
		printf 'INSERT INTO floor.%s SELECT * FROM public.%s;\n' "$fl_t" "$fl_t" >>"$fl_load_sql"
		# Each index's definition (keys included), on the bare copy.
		psql "$fl_src" -qAt -c "SELECT replace(indexdef, ' ON public.', ' ON floor.') || ';' FROM pg_indexes
			WHERE schemaname = 'public' AND tablename = '$fl_t'" >>"$fl_index_sql"
	done
	printf 'COMMIT;\n' >>"$fl_load_sql"
	printf 'COMMIT;\n' >>"$fl_index_sql"
	# Written out and settled, as the import's own rows were when it ended.
	psql "$fl_src" -qAt -c "CHECKPOINT" >/dev/null
	fl_t0=$(now)
	psql "$fl_src" -qAt -v ON_ERROR_STOP=1 -f "$fl_load_sql" >/dev/null
	fl_t1=$(now)
	psql "$fl_src" -qAt -v ON_ERROR_STOP=1 -f "$fl_index_sql" >/dev/null
	fl_t2=$(now)
	psql "$fl_src" -qAt -c "SET client_min_messages = warning" -c "DROP SCHEMA floor CASCADE" >/dev/null
	echo "$fl_rows $(elapsed "$fl_t0" "$fl_t1") $(elapsed "$fl_t1" "$fl_t2")"
	rm -rf "$fl_dir"
}

# report_floor LABEL "ROWS LOAD INDEX" BASELINE_NAME BASELINE_SECONDS
# [EXTRA_SECONDS WHAT]: the two floors beside the baseline; EXTRA_SECONDS of
# WHAT (reading the inputs, say) are added to both.
report_floor() {
	fl_label=$1
	fl_extra=${5:-0}
	fl_what=${6:+"$6 + "}
	shift
	set -- $1 "$2" "$3"
	report "  floor, $fl_label: ${fl_what}$1 rows" "$(echo "$fl_extra + $2" | bc -l)" "$4" "$5"
	report "  floor, $fl_label: + keys, indexes" "$(echo "$fl_extra + $2 + $3" | bc -l)" "$4" "$5"
}
