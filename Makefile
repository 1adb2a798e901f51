# Himaya - build, run and test.
#
#   make        build ./himaya (development flags: warnings are errors)
#   make run    install what is missing, build, create a demo database, show it
#   make test   install what is missing, run every test under ASan + UBSan
#
# Debian packages are checked (and installed when root) by scripts/deps.sh.

CC ?= cc
PKGS := sqlite3 libpq jansson libsodium xlsxwriter cairo pangocairo libzip libxml-2.0 libmicrohttpd liboath libqrencode libmaxminddb libcrypto
# -isystem: warnings in library headers are not ours to fix.
PKG_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null))
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla -Wno-format-nonliteral
BASE_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -Ibuild/gen $(WARN) $(PKG_CFLAGS)
DEV_CFLAGS := $(BASE_CFLAGS) -O2 -g
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
TEST_CFLAGS := $(BASE_CFLAGS) -O1 -g $(SAN)

# Layers: core (lib + core, no I/O, no SQLite), store, the rest, main.
CORE_SRC := $(sort $(wildcard src/lib/*.c src/core/*.c))
STORE_SRC := $(sort $(wildcard src/store/*.c))
APP_SRC := $(sort $(wildcard src/app/*.c src/report/*.c src/ingest/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
# The web front end: linked into ./himaya and the web unit tests only.
WEB_SRC := $(sort $(wildcard src/web/*.c))
GEN_WEB := build/gen/web_static.c
MAIN_SRC := src/himaya.c
MIGRATIONS := $(sort $(wildcard src/store/migrations/sqlite/*.sql))
MIGRATIONS_PG := $(sort $(wildcard src/store/migrations/pg/*.sql))
GEN_STORE := build/gen/migrations_sqlite.c build/gen/migrations_pg.c
GEN_APP := build/gen/table_css.c

obj = $(patsubst %.c,build/$(1)/%.o,$(2))
CORE_DEV := $(call obj,dev,$(CORE_SRC))
REST_DEV := $(call obj,dev,$(STORE_SRC) $(APP_SRC) $(CLI_SRC) $(WEB_SRC) $(GEN_STORE) $(GEN_APP) $(GEN_WEB))
CORE_TEST := $(call obj,test,$(CORE_SRC))
STORE_TEST := $(call obj,test,$(STORE_SRC) $(GEN_STORE))
APP_TEST := $(call obj,test,$(APP_SRC) $(GEN_APP))
CLI_TEST := $(call obj,test,$(CLI_SRC))
WEB_TEST := $(call obj,test,$(WEB_SRC) $(GEN_WEB))
REST_TEST := $(STORE_TEST) $(APP_TEST)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/test/unit/%,$(UNIT_SRC))
CORE_UNIT_BIN := $(filter build/test/unit/test_core_%,$(UNIT_BIN))
STORE_UNIT_BIN := $(filter build/test/unit/test_store_%,$(UNIT_BIN))
WEB_UNIT_BIN := $(filter build/test/unit/test_web_%,$(UNIT_BIN))
APP_UNIT_BIN := $(filter-out $(CORE_UNIT_BIN) $(STORE_UNIT_BIN) $(WEB_UNIT_BIN),$(UNIT_BIN))

DEMO_DB ?= himaya-demo.db

.PHONY: all deps deps-test run test unit clean check-layers bench
.DEFAULT_GOAL := all

all: deps himaya

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

himaya: $(CORE_DEV) $(REST_DEV) build/dev/src/himaya.o
	$(CC) $(DEV_CFLAGS) -o $@ $^ $(PKG_LIBS) -lm

build/test/himaya: $(CORE_TEST) $(REST_TEST) $(CLI_TEST) $(WEB_TEST) build/test/src/himaya.o
	$(CC) $(TEST_CFLAGS) -o $@ $^ $(PKG_LIBS) -lm

build/gen/migrations_sqlite.c: scripts/embed-sql.sh $(MIGRATIONS)
	@mkdir -p $(dir $@)
	scripts/embed-sql.sh sqlite_migrations $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

build/gen/migrations_pg.c: scripts/embed-sql.sh $(MIGRATIONS_PG)
	@mkdir -p $(dir $@)
	scripts/embed-sql.sh pg_migrations $(MIGRATIONS_PG) > $@.tmp && mv $@.tmp $@

# The table's stylesheet, served by the web app and inlined in HTML exports.
build/gen/table_css.c: scripts/embed-text.sh web/static/table.css
	@mkdir -p $(dir $@)
	scripts/embed-text.sh table_css web/static/table.css > $@.tmp && mv $@.tmp $@

# The web application's stylesheet, embedded: one binary to deploy (docs/web.md).
build/gen/web_static.c: scripts/embed-text.sh web/static/app.css
	@mkdir -p $(dir $@)
	scripts/embed-text.sh web_app_css web/static/app.css > $@.tmp && mv $@.tmp $@

build/dev/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(DEV_CFLAGS) -MMD -MP -c -o $@ $<

build/test/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<

build/dev/build/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(DEV_CFLAGS) -c -o $@ $<

build/test/build/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -c -o $@ $<

# Core unit tests link core alone: proof that core/ needs no SQLite, no store.
$(CORE_UNIT_BIN): build/test/unit/%: tests/unit/%.c $(CORE_TEST) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(CORE_TEST) $(CMOCKA_LIBS) -lm

# Store tests link core and store: no front end.
$(STORE_UNIT_BIN): build/test/unit/%: tests/unit/%.c $(CORE_TEST) $(STORE_TEST) tests/unit/testutil.h tests/unit/storeutil.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(CORE_TEST) $(STORE_TEST) $(CMOCKA_LIBS) $(PKG_LIBS) -lm

# Web unit tests link everything but the command-line front end, and the web.
$(WEB_UNIT_BIN): build/test/unit/%: tests/unit/%.c $(CORE_TEST) $(REST_TEST) $(WEB_TEST) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(CORE_TEST) $(REST_TEST) $(WEB_TEST) $(CMOCKA_LIBS) $(PKG_LIBS) -lm

# Other unit tests link everything but the command-line front end.
$(APP_UNIT_BIN): build/test/unit/%: tests/unit/%.c $(CORE_TEST) $(REST_TEST) tests/unit/testutil.h tests/unit/storeutil.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(CORE_TEST) $(REST_TEST) $(CMOCKA_LIBS) $(PKG_LIBS) -lm

# No SQL outside store/, no I/O in core/: checked, not hoped.
check-layers:
	@scripts/check-layers.sh

unit: $(UNIT_BIN)

test: deps-test
	@$(MAKE) --no-print-directory himaya build/test/himaya unit check-layers $(FUZZ_SMOKE_BIN)
	@tests/run.sh

# make run: a demo database, one account per role, and the web application.
LISTEN ?= 127.0.0.1:8080
run: deps
	@scripts/deps.sh run
	@$(MAKE) --no-print-directory himaya
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./himaya --db $(DEMO_DB) init
	./himaya --db $(DEMO_DB) demo --seed 2021 --referrals 80
	@scripts/demo-users.sh ./himaya $(DEMO_DB)
	@echo
	@echo "Himaya: http://$(LISTEN)/  (Ctrl-C stops the server)"
	./himaya --db $(DEMO_DB) serve --listen $(LISTEN)

# Benchmarks: each figure beside its baseline, measured in the same run.
bench: deps
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory himaya
	@bench/run.sh

clean:
	rm -rf build himaya

-include $(shell find build -name '*.d' 2>/dev/null)

# Fuzzing (libFuzzer, clang): every parser has a target; FUZZ_SECONDS each.
# The file readers' targets (fuzz_ncmec_*, fuzz_tiplist, fuzz_cps_csv, the
# backfill's fuzz_sheet, fuzz_link_data) link src/ingest's readers and
# their libraries; the others link
# core alone. Each target starts from a seed corpus (FUZZ_SEEDS_<target>:
# the fixtures of its format, scripts/fuzz-seeds.sh). make test builds the
# referral and identifier targets (FUZZ_SMOKE_BIN) and tests/run.sh runs
# each for FUZZ_SMOKE_SECONDS as one test.
FUZZ_SECONDS ?= 30
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_INGEST_BIN := build/fuzz/fuzz_ncmec_xml build/fuzz/fuzz_ncmec_json build/fuzz/fuzz_tiplist \
	build/fuzz/fuzz_cps_csv build/fuzz/fuzz_sheet build/fuzz/fuzz_link_data
FUZZ_INGEST_SRC := $(sort $(wildcard src/ingest/referral_*.c src/ingest/ncmec_*.c src/ingest/cps_*.c)) \
	src/ingest/csv_read.c src/ingest/sheet.c src/ingest/xlsx_read.c src/ingest/link_data.c
FUZZ_INGEST_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libxml-2.0 jansson libzip 2>/dev/null))
FUZZ_INGEST_LIBS := $(shell pkg-config --libs libxml-2.0 jansson libzip 2>/dev/null) -lcsv -lm

.PHONY: fuzz fuzz-smoke
fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
		name=$$(basename $$f); mkdir -p build/fuzz/corpus/$$name; \
		seeds=$$(scripts/fuzz-seeds.sh $$name); \
		echo "fuzzing $$name for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 build/fuzz/corpus/$$name $$seeds >build/fuzz/$$name.log 2>&1 \
			|| { tail -n 40 build/fuzz/$$name.log; exit 1; }; \
		tail -n 1 build/fuzz/$$name.log; \
	done

# The targets tests/run.sh runs briefly (built by make test): build them.
FUZZ_SMOKE_BIN := build/fuzz/fuzz_ident $(FUZZ_INGEST_BIN)
fuzz-smoke:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZ_SMOKE_BIN)

$(FUZZ_INGEST_BIN): build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_ingest_common.h $(CORE_SRC) $(FUZZ_INGEST_SRC)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) $(FUZZ_INGEST_CFLAGS) -o $@ $< $(CORE_SRC) $(FUZZ_INGEST_SRC) $(FUZZ_INGEST_LIBS)

build/fuzz/%: tests/fuzz/%.c $(CORE_SRC)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -o $@ $< $(CORE_SRC)
