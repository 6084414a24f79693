# vpcgen - a compiler from a YAML stack spec to CloudFormation or Terraform JSON.
#
#   make            build ./vpcgen (optimised, with debug info)
#   make run        install missing build dependencies, build, compile examples/wagtail.yaml
#   make check      install missing test dependencies, build (plain and ASan+UBSan), run every test
#   make SANITIZE=1 build ./vpcgen with AddressSanitizer and UndefinedBehaviorSanitizer
#   make install    install to $(DESTDIR)$(PREFIX) (binary, man page, schema)
#   make check-valgrind, make analyze, make fuzz FUZZ_TIME=N, make bench: see README.md
#
# Dependencies come from Debian's packages and are found with pkg-config.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share/vpcgen
CC         ?= cc
PKG_CONFIG ?= pkg-config
OPT        ?= -O2 -g
VERSION    := 1.1.0

PKGS     := yaml-0.1 jansson libpcre2-8
WARN     := -std=c17 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

ifeq ($(SANITIZE),1)
BUILD    ?= build/asan
OPT      += $(SAN)
else
BUILD    ?= build/release
endif

# Position-dependent by default. vpcgen's templates, schema and AWS tables are static data
# linked by pointers (about 240 KB, 10,000 pointers): in a position-independent executable the
# dynamic loader rewrites every page of it at each start, copy-on-write, which cost 15% of a
# compile's wall time (make bench). vpcgen only reads the files it is given and runs for a few
# milliseconds; its shared libraries stay position-independent and randomized. PIE=1 builds a
# position-independent executable (for packagers whose policy requires one).
ifeq ($(PIE),1)
PIE_CFLAGS  := -fPIE
PIE_LDFLAGS := -pie
else
PIE_CFLAGS  := -fno-pie
PIE_LDFLAGS := -no-pie
endif

DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
DEP_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS := $(WARN) $(OPT) -D_POSIX_C_SOURCE=200809L -DVPCGEN_VERSION='"$(VERSION)"' \
              -Igenerator -I$(BUILD) $(DEP_CFLAGS) $(PIE_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := $(OPT) $(PIE_LDFLAGS) $(LDFLAGS)

LIB_SRCS := $(filter-out generator/main.c,$(wildcard generator/*.c))
LIB_OBJS := $(patsubst generator/%.c,$(BUILD)/%.o,$(LIB_SRCS)) $(BUILD)/embedded.o \
            $(BUILD)/builtin_data.o
EMBEDDED := schema/vpcgen.schema.json schema/starter.yaml
TEMPLATES := $(sort $(wildcard templates/*/*.json))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))

.PHONY: all run check check-valgrind analyze deps deps-test install uninstall clean units
all: vpcgen

vpcgen: $(BUILD)/vpcgen
	cp $< $@

$(BUILD)/vpcgen: $(BUILD)/main.o $(LIB_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

$(BUILD)/%.o: generator/%.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# vpcgen's JSON is frozen into C data at build time (tools/fjgen.c, generator/fjson.h), so a
# run parses none of it: the validator's copy of the schema, compacted without what only
# editors read, and the templates, compiled by the module that compiles a --templates folder
# at run time. The schema is also embedded as written, for --print-schema.
$(BUILD)/jsoncompact: tools/jsoncompact.c | $(BUILD)
	$(CC) $(WARN) -O2 -D_POSIX_C_SOURCE=200809L $(DEP_CFLAGS) -o $@ $< $(DEP_LIBS)

$(BUILD)/compact/schema/%.json: schema/%.json $(BUILD)/jsoncompact
	@mkdir -p $(@D)
	$(BUILD)/jsoncompact --for-validation $< $@

FJGEN_SRCS := tools/fjgen.c generator/fjson.c generator/template.c generator/arena.c
$(BUILD)/fjgen: $(FJGEN_SRCS) generator/fjson.h generator/template.h generator/schema.h \
                generator/arena.h | $(BUILD)
	$(CC) $(WARN) -O2 -D_POSIX_C_SOURCE=200809L -Igenerator $(DEP_CFLAGS) -o $@ \
	    $(FJGEN_SRCS) $(DEP_LIBS)

$(BUILD)/builtin_data.c: $(BUILD)/fjgen $(BUILD)/compact/schema/vpcgen.schema.json $(TEMPLATES)
	$(BUILD)/fjgen $(BUILD)/compact/schema/vpcgen.schema.json \
	    $(foreach f,$(TEMPLATES),$(f:templates/%.json=%)=$(f)) > $@.tmp
	mv $@.tmp $@

$(BUILD)/embedded.c: tools/embed.sh $(EMBEDDED) | $(BUILD)
	sh tools/embed.sh $(foreach f,$(EMBEDDED),$(f)=$(f)) > $@.tmp
	mv $@.tmp $@

$(BUILD)/embedded.o $(BUILD)/builtin_data.o: $(BUILD)/%.o: $(BUILD)/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(BUILD)
	@mkdir -p $(BUILD)/tests
	$(CC) $(ALL_CFLAGS) $(PIE_LDFLAGS) -MMD -MP -o $@ $< $(LIB_OBJS) $(DEP_LIBS) -lcmocka

units: $(UNIT_BINS)

$(BUILD):
	mkdir -p $@

deps:
	@sh tools/deps.sh build

deps-test:
	@sh tools/deps.sh test

run: deps
	$(MAKE) vpcgen
	./vpcgen examples/wagtail.yaml

# Every test: against the plain build and the ASan+UBSan build, the fuzz corpus and every
# crash reproducer replayed under the sanitizers, and the program's paths under valgrind
# memcheck; the last line is the runner's "N passed, N failed".
check: deps-test
	$(MAKE) BUILD=build/release vpcgen units
	$(MAKE) BUILD=build/asan SANITIZE=1 build/asan/vpcgen units
	$(MAKE) fuzz-replay
	sh tests/parallel.sh "sh tests/valgrind.sh build/release" "sh tests/run.sh build/release build/asan"

# The whole suite under valgrind memcheck: 0 errors, 0 bytes definitely or indirectly lost.
check-valgrind: deps-test
	$(MAKE) BUILD=build/release vpcgen units
	sh tests/valgrind.sh build/release

# Static analysis: gcc -fanalyzer and clang scan-build, each must report nothing.
analyze: $(BUILD)/embedded.c $(BUILD)/builtin_data.c
	for f in $(LIB_SRCS) generator/main.c tools/fjgen.c tools/jsoncompact.c; do \
	    gcc -fanalyzer -Werror $(WARN) -O1 -D_POSIX_C_SOURCE=200809L -DVPCGEN_VERSION='"$(VERSION)"' \
	        -Igenerator $(DEP_CFLAGS) -c $$f -o /dev/null || exit 1; done
	rm -rf build/scan
	scan-build --status-bugs -o build/scan-report $(MAKE) -B BUILD=build/scan CC=clang vpcgen-scan
	rm -rf build/scan

vpcgen-scan: $(BUILD)/vpcgen

install: vpcgen
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	cp vpcgen $(DESTDIR)$(BINDIR)/vpcgen
	chmod 755 $(DESTDIR)$(BINDIR)/vpcgen
	cp docs/vpcgen.1 $(DESTDIR)$(MANDIR)/man1/vpcgen.1
	cp schema/vpcgen.schema.json $(DESTDIR)$(DATADIR)/vpcgen.schema.json

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vpcgen $(DESTDIR)$(MANDIR)/man1/vpcgen.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build vpcgen

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d)

# make fuzz / fuzz-replay / fuzz-merge (libFuzzer) and make bench: their own fragments
# (fuzz.mk has the top Makefile make its embedded.c: that inner make must not include it.)
ifndef FUZZ_NESTED
include fuzz/fuzz.mk
endif
include bench/bench.mk
