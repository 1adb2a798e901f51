# Himaya - build, run and test.
#
#   make        build ./himaya (development flags: warnings are errors)
#   make run    install what is missing, build, create a demo database, show it
#   make test   install what is missing, run every test under ASan + UBSan
#
# Debian packages are checked (and installed when root) by scripts/deps.sh.

CC ?= cc
PKGS := sqlite3 jansson libsodium xlsxwriter cairo pangocairo libzip libxml-2.0
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
MAIN_SRC := src/himaya.c
MIGRATIONS := $(sort $(wildcard src/store/migrations/sqlite/*.sql))
GEN_STORE := build/gen/migrations_sqlite.c
GEN_APP := build/gen/table_css.c

obj = $(patsubst %.c,build/$(1)/%.o,$(2))
CORE_DEV := $(call obj,dev,$(CORE_SRC))
REST_DEV := $(call obj,dev,$(STORE_SRC) $(APP_SRC) $(CLI_SRC) $(GEN_STORE) $(GEN_APP))
CORE_TEST := $(call obj,test,$(CORE_SRC))
STORE_TEST := $(call obj,test,$(STORE_SRC) $(GEN_STORE))
APP_TEST := $(call obj,test,$(APP_SRC) $(GEN_APP))
CLI_TEST := $(call obj,test,$(CLI_SRC))
REST_TEST := $(STORE_TEST) $(APP_TEST)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,build/test/unit/%,$(UNIT_SRC))
CORE_UNIT_BIN := $(filter build/test/unit/test_core_%,$(UNIT_BIN))
STORE_UNIT_BIN := $(filter build/test/unit/test_store_%,$(UNIT_BIN))
APP_UNIT_BIN := $(filter-out $(CORE_UNIT_BIN) $(STORE_UNIT_BIN),$(UNIT_BIN))

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

build/test/himaya: $(CORE_TEST) $(REST_TEST) $(CLI_TEST) build/test/src/himaya.o
	$(CC) $(TEST_CFLAGS) -o $@ $^ $(PKG_LIBS) -lm

build/gen/migrations_sqlite.c: scripts/embed-sql.sh $(MIGRATIONS)
	@mkdir -p $(dir $@)
	scripts/embed-sql.sh sqlite_migrations $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

# The table's stylesheet, served by the web app and inlined in HTML exports.
build/gen/table_css.c: scripts/embed-text.sh web/static/table.css
	@mkdir -p $(dir $@)
	scripts/embed-text.sh table_css web/static/table.css > $@.tmp && mv $@.tmp $@

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
$(STORE_UNIT_BIN): build/test/unit/%: tests/unit/%.c $(CORE_TEST) $(STORE_TEST) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(CORE_TEST) $(STORE_TEST) $(CMOCKA_LIBS) $(PKG_LIBS) -lm

# Other unit tests link everything but the command-line front end.
$(APP_UNIT_BIN): build/test/unit/%: tests/unit/%.c $(CORE_TEST) $(REST_TEST) tests/unit/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(TEST_CFLAGS) -o $@ $< $(CORE_TEST) $(REST_TEST) $(CMOCKA_LIBS) $(PKG_LIBS) -lm

# No SQL outside store/, no I/O in core/: checked, not hoped.
check-layers:
	@scripts/check-layers.sh

unit: $(UNIT_BIN)

test: deps-test
	@$(MAKE) --no-print-directory himaya build/test/himaya unit check-layers
	@tests/run.sh

run: deps
	@$(MAKE) --no-print-directory himaya
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	./himaya --db $(DEMO_DB) init
	./himaya --db $(DEMO_DB) demo --seed 2021
	./himaya --db $(DEMO_DB) case list
	@echo
	@echo "Demo database: $(DEMO_DB). Try: ./himaya --db $(DEMO_DB) case show 1"

# Benchmarks: each figure beside its baseline, measured in the same run.
bench: deps
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory himaya
	@bench/run.sh

clean:
	rm -rf build himaya

-include $(shell find build -name '*.d' 2>/dev/null)

# Fuzzing (libFuzzer, clang): every parser has a target; FUZZ_SECONDS each.
FUZZ_SECONDS ?= 30
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -g -O1 \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

.PHONY: fuzz
fuzz:
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do \
		name=$$(basename $$f); mkdir -p build/fuzz/corpus/$$name; \
		cp data/*.tsv build/fuzz/corpus/$$name/ 2>/dev/null; \
		echo "fuzzing $$name for $(FUZZ_SECONDS)s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 build/fuzz/corpus/$$name >build/fuzz/$$name.log 2>&1 \
			|| { tail -n 40 build/fuzz/$$name.log; exit 1; }; \
		tail -n 1 build/fuzz/$$name.log; \
	done

build/fuzz/%: tests/fuzz/%.c $(CORE_SRC)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -o $@ $< $(CORE_SRC)
