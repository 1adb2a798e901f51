#!/bin/sh
# The layering rules of docs/architecture.md, checked on every `make test`:
#   - only src/store/ speaks SQL or includes a database client header;
#   - src/core/ and src/lib/ do no I/O (no files, sockets or printing).
set -u
cd "$(dirname "$0")/.."
fail=0

sql=$(grep -rlE 'sqlite3|libpq|\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE)\b' src \
	--include='*.c' --include='*.h' | grep -v '^src/store/' || true)
if [ -n "$sql" ]; then
	echo "check-layers: SQL outside src/store/:" >&2
	echo "$sql" >&2
	fail=1
fi

io=$(grep -nE '\b(fopen|fread|fwrite|fprintf|printf|puts|fputs|open|read|write|socket|connect|getenv|time)\s*\(' \
	src/core/*.c src/lib/*.c | grep -v 'src/lib/strbuf.c:.*fprintf(stderr, "himaya: out of memory' || true)
if [ -n "$io" ]; then
	echo "check-layers: I/O in src/core or src/lib:" >&2
	echo "$io" >&2
	fail=1
fi
exit $fail
