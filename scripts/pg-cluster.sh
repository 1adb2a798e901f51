#!/bin/sh
# A throw-away PostgreSQL cluster for the tests: initdb in a temporary
# directory, a free port on 127.0.0.1, stopped and removed by "stop".
#
#   eval "$(scripts/pg-cluster.sh start)"   # exports HIMAYA_PG_URL, HIMAYA_PG_DIR
#   scripts/pg-cluster.sh stop "$HIMAYA_PG_DIR"
#
# PostgreSQL refuses to run as root: as root the cluster belongs to the
# "postgres" user that Debian's package creates. A failure to start is
# loud (exit 1 with the server's log), never a silent skip.
set -eu

bindir() {
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
	echo "pg-cluster: initdb not found (apt-get install postgresql)" >&2
	return 1
}

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
		echo $((20000 + $$ % 20000))
}

case "${1:-}" in
start)
	bin=$(bindir)
	dir=$(mktemp -d /tmp/himaya-pg.XXXXXX)
	chmod 755 "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	port=$(free_port)
	as_owner "$bin/initdb" -D "$dir/data" -U himaya --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
		start >/dev/null 2>&1 || {
		echo "pg-cluster: PostgreSQL did not start:" >&2
		cat "$dir/server.log" >&2
		exit 1
	}
	as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U himaya himaya_test >/dev/null
	echo "HIMAYA_PG_DIR='$dir'; export HIMAYA_PG_DIR;"
	echo "HIMAYA_PG_URL='postgresql://himaya@127.0.0.1:$port/himaya_test'; export HIMAYA_PG_URL;"
	;;
stop)
	dir=${2:?usage: pg-cluster.sh stop DIR}
	bin=$(bindir)
	as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	;;
*)
	echo "usage: pg-cluster.sh start | stop DIR" >&2
	exit 2
	;;
esac
