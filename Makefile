# Stafettlogg - build, demo, tests, benchmark.
# `make demo` and `make check` are the two entry points (see README.md).
#
# pkg-config must run after `deps` has installed the -dev packages: its
# flags are read the first time a rule uses them (deferred, then kept), not
# when make reads this file; and the targets that install (demo, demo-start,
# check, asan, bench) first run deps, then build in a recursive $(MAKE).
# Their only prerequisite is deps, so `make -j4 check` never builds while
# deps is still installing.

CC      ?= cc
PKGS     = libxslt libxml-2.0 libmariadb pangocairo cairo-pdf libcurl json-c
BUILD   ?= build
SAN     ?=
# (Deferred: $(eval) sets each the first time it is expanded.)
PKGCFLAGS = $(eval PKGCFLAGS := $$(shell pkg-config --cflags $(PKGS) 2>/dev/null))$(PKGCFLAGS)
PKGLIBS   = $(eval PKGLIBS := $$(shell pkg-config --libs $(PKGS) 2>/dev/null))$(PKGLIBS)
OPT     ?= -O2 -g
CFLAGS  += $(OPT) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
           -Wno-missing-field-initializers $(SAN) $(PKGCFLAGS)
LDFLAGS += $(SAN)
LDLIBS   = $(PKGLIBS) -lfcgi -lldap -llber -lcrypto
CHECKLIBS = $(eval CHECKLIBS := $$(shell pkg-config --libs check 2>/dev/null))$(CHECKLIBS)

SRC      = $(wildcard fcgi/*.c)
OBJ      = $(SRC:fcgi/%.c=$(BUILD)/%.o)
LIBOBJ   = $(filter-out $(BUILD)/main.o,$(OBJ))
TESTSRC  = $(wildcard tests/unit/test_*.c)
TESTBIN  = $(TESTSRC:tests/unit/%.c=$(BUILD)/%)

.PHONY: all deps pkgs demo demo-start demo-stop check unit integration asan \
        valgrind bench fuzz mutants coverage clean

all: $(BUILD)/stafettlogg

$(BUILD)/stafettlogg: $(OBJ)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

$(BUILD)/%.o: fcgi/%.c fcgi/*.h | $(BUILD) pkgs
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/test_%: tests/unit/test_%.c $(LIBOBJ) tests/unit/*.h
	@echo "  CC/LD   $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBOBJ) $(LDLIBS) $(CHECKLIBS)

$(BUILD)/fcgi_hello: tests/bench/fcgi_hello.c | $(BUILD)
	@echo "  CC/LD   $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< -lfcgi

# The benchmark's data generator (tests/bench/populate.sh runs it).
$(BUILD)/generate: tests/bench/generate.c fcgi/nin.c fcgi/util.c fcgi/nin.h \
    fcgi/util.h | $(BUILD)
	@echo "  CC/LD   $@"
	@$(CC) $(CFLAGS) $(LDFLAGS) -Ifcgi -o $@ tests/bench/generate.c \
	    fcgi/nin.c fcgi/util.c

$(BUILD):
	mkdir -p $(BUILD)

# Before the first compile: the libraries must be there (else a clear message
# instead of "libxml/tree.h: No such file or directory").
pkgs:
	@pkg-config --exists $(PKGS) 2>/dev/null || { \
	  echo "make: the libraries to build with are missing (pkg-config: $(PKGS));" >&2; \
	  echo "make: run 'make deps' as root (or 'make demo' / 'make check', which run it)" >&2; \
	  exit 1; }

# Installs the Debian packages that are missing (as root).
deps:
	@tests/deps.sh

# Runs the demo municipality until Ctrl-C.
demo: deps
	@$(MAKE) --no-print-directory all
	@tests/demo.sh run

demo-start: deps
	@$(MAKE) --no-print-directory all
	@tests/demo.sh start

demo-stop:
	@tests/demo.sh stop

# The test command of the README and of CI.
check: deps
	@$(MAKE) --no-print-directory all $(TESTBIN)
	@tests/check.sh

unit: all $(TESTBIN)
	@tests/run-unit.sh $(BUILD)

# The whole suite with AddressSanitizer and UBSan in build-asan/.
asan: deps
	$(MAKE) BUILD=build-asan SAN="-fsanitize=address,undefined -fno-omit-frame-pointer" OPT="-O1 -g" all \
	  $(TESTSRC:tests/unit/%.c=build-asan/%)
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  BUILD=build-asan tests/check.sh

# The whole suite against a gcc --coverage build in build-cov/ (workers
# write their counts after each request: -DSL_COVERAGE, worker.c), then
# line and branch coverage per file of fcgi/ and the total (gcovr).
coverage: deps
	@tests/deps.sh --coverage
	$(MAKE) BUILD=build-cov SAN="--coverage -DSL_COVERAGE" OPT="-O0 -g" all \
	  $(TESTSRC:tests/unit/%.c=build-cov/%)
	@BUILD=build-cov tests/coverage.sh

# Plants known security bugs one at a time in a copy of the tree and runs
# the suite against each (tests/mutants.sh; not part of check).
mutants: deps
	@tests/mutants.sh

bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/fcgi_hello $(BUILD)/generate
	@tests/bench/bench.sh

# Builds every libFuzzer target (tests/fuzz/fuzz_*.c) with clang and runs
# each for FUZZ_SECONDS (default 60); prints executions and crashes per
# target.  Not part of `make check`.
fuzz:
	@tests/deps.sh --fuzz
	@tests/fuzz/run.sh

clean:
	rm -rf build build-asan build-cov
