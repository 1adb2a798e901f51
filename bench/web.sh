#!/bin/sh
# Benchmark of the web application (issue 4): `himaya serve` on a database
# of BENCH_CASES synthetic cases (default 100,000; the database of
# bench/table_stats.sh, reused when present), a Presidency analyst signed
# in (password and TOTP, as in the browser; the national scope is the
# heaviest), then wrk against the case list and the dashboard with the
# session cookie, beside nginx serving the same pages saved as static
# files, in the same run on the same machine. Prints requests/s and p99
# latency of each, and the ratio (goals: >= 0.3x nginx, p99 < 50 ms).
# Both pages are kept in the server's stamp-validated cache (src/web/
# cache.h) until case data change, so wrk measures cache hits; the cost
# of the first request, which computes the page, is printed beside them.
#
# Knobs: WEB_BENCH_SECONDS (10), WEB_BENCH_CONNECTIONS (8: under the
# server's 16 connections per client address), WEB_BENCH_THREADS (2).
#
# WEB_BENCH_BACKEND=pg WEB_BENCH_NODES=2 (issue 7): the national shape
# instead - the cases generated into a throw-away PostgreSQL cluster
# (scripts/pg-cluster.sh), N `himaya serve` nodes on it, and nginx in
# front balancing the requests over the nodes as in docs/deployment.md;
# wrk goes through that nginx, the baseline is still nginx serving the
# same page as a file. WEB_BENCH_PG_CASES cases (default 20,000).
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh

cases=${BENCH_CASES:-100000}
backend=${WEB_BENCH_BACKEND:-sqlite}
nodes=${WEB_BENCH_NODES:-1}
seconds=${WEB_BENCH_SECONDS:-10}
conns=${WEB_BENCH_CONNECTIONS:-8}
threads=${WEB_BENCH_THREADS:-2}
db=$BENCH_DIR/table-$cases.db
work=$(mktemp -d "${TMPDIR:-/tmp}/himaya-web-bench.XXXXXX")
server_pids=
nginx_pid=
HIMAYA_PG_DIR=

cleanup() {
	for p in $server_pids; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	[ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
	[ -n "$HIMAYA_PG_DIR" ] && scripts/pg-cluster.sh stop "$HIMAYA_PG_DIR"
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for() { # URL: until it answers
	for _i in $(seq 1 100); do
		curl -s -o /dev/null "$1" && return 0
		sleep 0.1
	done
	echo "bench: $1 does not answer" >&2
	exit 1
}

if [ "$backend" = pg ]; then
	# Fewer cases by default: the demo writes each event in its own
	# transaction (about ten round trips), 100,000 cases would take most
	# of an hour to generate on PostgreSQL.
	cases=${WEB_BENCH_PG_CASES:-20000}
	eval "$(scripts/pg-cluster.sh start)"
	url=$HIMAYA_PG_URL
	echo "generating $cases cases into PostgreSQL (himaya demo)..."
	t0=$(now)
	./himaya --db "$url" init >/dev/null
	./himaya --db "$url" demo --seed 7 --cases "$cases" >/dev/null
	echo "  $(elapsed "$t0" "$(now)") s"
else
	if [ ! -f "$db" ]; then
		echo "generating $cases cases (himaya demo; kept in $db for later runs)..."
		./himaya --db "$db" init >/dev/null
		./himaya --db "$db" demo --seed 7 --cases "$cases" >/dev/null
	fi
	# A copy: the server writes sessions and the audit log, the shared
	# database of the other benchmarks stays as generated.
	sqlite3 "$db" ".backup '$work/web.db'"
	url=$work/web.db
fi

password='bench pass phrase, long enough'
secret=$(printf '%s\n' "$password" | ./himaya --db "$url" user add bench --role presidency \
	--password-stdin --no-qr 2>&1 | sed -n 's/.*secret=\([A-Z2-7]*\).*/\1/p' | head -n 1)
[ -n "$secret" ] || { echo "bench: user add failed" >&2; exit 1; }

# The nodes; with more than one, nginx balances over them (the deployment's
# shape) and the benchmark goes through it.
upstream=
i=0
while [ "$i" -lt "$nodes" ]; do
	port=$(free_port)
	./himaya --db "$url" serve --listen "127.0.0.1:$port" --quiet 2>"$work/server.$i.log" &
	server_pids="$server_pids $!"
	wait_for "http://127.0.0.1:$port/login"
	upstream="$upstream server 127.0.0.1:$port;"
	i=$((i + 1))
done
base="http://127.0.0.1:$port"

nginx_conf() { # PORT PROXY_PORT: the nginx configuration, static pages and the proxy to the nodes
	cat <<CONF
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $work/nginx/body;
	proxy_temp_path $work/nginx/proxy;
	fastcgi_temp_path $work/nginx/fastcgi;
	uwsgi_temp_path $work/nginx/uwsgi;
	scgi_temp_path $work/nginx/scgi;
	default_type text/html;
	upstream himaya { $upstream keepalive 16; }
	server {
		listen 127.0.0.1:$1;
		root $work/www;
	}
	server {
		listen 127.0.0.1:$2;
		location / {
			proxy_pass http://himaya;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
		}
	}
}
CONF
}
nginx_port=$(free_port)
proxy_port=$(free_port)
mkdir -p "$work/nginx" "$work/www"
# Run as root, nginx's workers drop to an unprivileged user: let it read.
chmod 755 "$work" "$work/www"
nginx_conf "$nginx_port" "$proxy_port" >"$work/nginx/nginx.conf"
/usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" 2>>"$work/nginx/error.log" &
nginx_pid=$!
wait_for "http://127.0.0.1:$proxy_port/login"
if [ "$nodes" -gt 1 ]; then
	base="http://127.0.0.1:$proxy_port"
fi

# Sign in as a person does: the login form's token, password, TOTP code.
jar=$work/jar
token=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
code=$(curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$token" \
	--data-urlencode name=bench --data-urlencode "password=$password" \
	--data-urlencode "totp=$(oathtool --totp -b "$secret")" "$base/login")
[ "$code" = 303 ] || { echo "bench: login answered $code" >&2; exit 1; }
session=$(awk '$6 == "himaya_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "bench: no session cookie" >&2; exit 1; }
cookie="Cookie: himaya_session=$session"

# The same pages, saved for nginx.
mkdir -p "$work/www"
for page in cases dashboard; do
	path=/cases
	[ "$page" = dashboard ] && path=/
	out=$(curl -s -H "$cookie" -o "$work/www/$page.html" -w '%{http_code} %{time_total}' "$base$path")
	[ "${out% *}" = 200 ] || { echo "bench: GET $path answered ${out% *}" >&2; exit 1; }
	# The first request computes the page (the cache is empty): its cost
	# is what a reader pays after every write of case data.
	echo "${out#* }" | awk '{ printf "%.1f", $1 * 1000 }' >"$work/$page.first"
done

chmod 644 "$work/www"/*.html
code=$(curl -s -o "$work/check.html" -w '%{http_code}' "http://127.0.0.1:$nginx_port/cases.html")
[ "$code" = 200 ] && cmp -s "$work/check.html" "$work/www/cases.html" ||
	{ echo "bench: nginx answered $code" >&2; cat "$work/nginx/error.log" >&2; exit 1; }

# run_wrk URL [header]: "requests/s p99_ms" of one wrk run.
run_wrk() {
	if [ -n "${2:-}" ]; then
		wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency -H "$2" "$1"
	else
		wrk -t"$threads" -c"$conns" -d"${seconds}s" --latency "$1"
	fi >"$work/wrk.out" 2>&1
	if grep -q 'Non-2xx' "$work/wrk.out"; then
		echo "bench: $1 answered errors:" >&2
		cat "$work/wrk.out" >&2
		exit 1
	fi
	awk '
		/Requests\/sec:/ { rps = $2 }
		$1 == "99%" {
			v = $2; unit = v; sub(/^[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
			ms = (unit == "us") ? v / 1000 : (unit == "s") ? v * 1000 : (unit == "m") ? v * 60000 : v
		}
		END { printf "%.0f %.2f\n", rps, ms }' "$work/wrk.out"
}

echo "wrk: $threads threads, $conns connections, ${seconds}s each; $cases cases, national scope;" \
	"$backend, $nodes node(s)$([ "$nodes" -gt 1 ] && echo ' behind nginx')"
printf '%-34s %12s %10s   %12s %10s   %s\n' "page" "himaya r/s" "p99 ms" "nginx r/s" "p99 ms" "ratio"
for page in cases dashboard; do
	path=/cases
	[ "$page" = dashboard ] && path=/
	set -- $(run_wrk "$base$path" "$cookie")
	h_rps=$1 h_p99=$2
	set -- $(run_wrk "http://127.0.0.1:$nginx_port/$page.html")
	n_rps=$1 n_p99=$2
	ratio=$(echo "$h_rps / $n_rps" | bc -l | awk '{ printf "%.2f", $1 }')
	verdict=ok
	if [ "$(echo "$ratio < 0.3" | bc -l)" = 1 ] || [ "$(echo "$h_p99 >= 50" | bc -l)" = 1 ]; then
		verdict="below the goal (>= 0.3x, p99 < 50 ms)"
	fi
	printf '%-34s %12s %10s   %12s %10s   %sx %s\n' "GET $path ($(wc -c <"$work/www/$page.html") bytes)" \
		"$h_rps" "$h_p99" "$n_rps" "$n_p99" "$ratio" "$verdict"
	printf '%-34s %s ms (computed; later requests reuse it until case data change)\n' \
		"  first request, not cached" "$(cat "$work/$page.first")"
done
