#!/bin/sh
# Checks that the Debian packages a make target needs are installed, and
# installs the missing ones when run as root (a fresh Debian 12 machine).
# Otherwise it prints the exact apt-get line and fails, so that nothing is
# ever "installed by hand" without the user seeing what and why.
#
# usage: scripts/deps.sh build|test|run|fuzz|bench
set -eu

target=${1:-build}

# package:check pairs; a check is "pc:NAME" (pkg-config module) or
# "bin:NAME" (a program on PATH).
build="pkg-config:bin:pkg-config gcc:bin:gcc make:bin:make
libsqlite3-dev:pc:sqlite3 libjansson-dev:pc:jansson libsodium-dev:pc:libsodium
libxlsxwriter-dev:pc:xlsxwriter libcairo2-dev:pc:cairo libpango1.0-dev:pc:pangocairo
libzip-dev:pc:libzip libxml2-dev:pc:libxml-2.0 libcsv-dev:file:/usr/include/csv.h
libpq-dev:pc:libpq libmicrohttpd-dev:pc:libmicrohttpd liboath-dev:pc:liboath libqrencode-dev:pc:libqrencode
libmaxminddb-dev:pc:libmaxminddb libssl-dev:pc:libcrypto
fonts-hosny-amiri:file:/usr/share/fonts/opentype/fonts-hosny-amiri/Amiri-Regular.ttf"
test="$build
libcmocka-dev:pc:cmocka sqlite3:bin:sqlite3 poppler-utils:bin:pdftotext unzip:bin:unzip
python3:bin:python3 postgresql:file:/usr/lib/postgresql/15/bin/initdb postgresql-client:bin:psql
curl:bin:curl oathtool:bin:oathtool chromium:bin:chromium nodejs:bin:node npm:bin:npm
clang:bin:clang libclang-rt-14-dev:file:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
libmaxmind-db-writer-perl:file:/usr/lib/x86_64-linux-gnu/perl5/5.36/MaxMind/DB/Writer.pm"

fuzz="clang:bin:clang libclang-rt-14-dev:file:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a"

# make run creates demo accounts and prints their TOTP codes' command line.
run="$build
oathtool:bin:oathtool"

bench="sqlite3:bin:sqlite3 bc:bin:bc time:file:/usr/bin/time libxml2-utils:bin:xmllint gcc:bin:cc
wrk:bin:wrk nginx:file:/usr/sbin/nginx oathtool:bin:oathtool curl:bin:curl python3:bin:python3
postgresql:file:/usr/lib/postgresql/15/bin/initdb postgresql-client:bin:psql"

case "$target" in
  build) wanted=$build ;;
  run) wanted=$run ;;
  bench) wanted=$bench ;;
  test) wanted=$test ;;
  fuzz) wanted=$fuzz ;;
  *) echo "deps.sh: unknown target '$target'" >&2; exit 2 ;;
esac

missing=""
for entry in $wanted; do
  pkg=${entry%%:*}
  check=${entry#*:}
  kind=${check%%:*}
  name=${check#*:}
  case "$kind" in
    pc) pkg-config --exists "$name" 2>/dev/null || missing="$missing $pkg" ;;
    bin) command -v "$name" >/dev/null 2>&1 || missing="$missing $pkg" ;;
    file) [ -e "$name" ] || missing="$missing $pkg" ;;
  esac
done

# The browser tests drive Chromium with playwright-core from npm, pinned by
# tests/browser/package-lock.json; node_modules is never committed.
npm_ci() {
  browser="$(dirname "$0")/../tests/browser"
  if [ "$target" = test ] && [ ! -d "$browser/node_modules" ] && command -v npm >/dev/null 2>&1; then
    (cd "$browser" && npm ci --no-audit --no-fund >&2)
  fi
}

[ -z "$missing" ] && { npm_ci; exit 0; }

if [ "$(id -u)" = 0 ]; then
  echo "deps.sh: installing:$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >&2
  npm_ci
  exit 0
fi

echo "Himaya needs Debian packages that are not installed. Run:" >&2
echo "  sudo apt-get install -y$missing" >&2
exit 1
