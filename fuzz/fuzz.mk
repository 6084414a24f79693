# fuzz/fuzz.mk - libFuzzer targets of vpcgen (see fuzz/README.md).
#
# Works included from the top Makefile (`include fuzz/fuzz.mk`) or alone
# (`make -f fuzz/fuzz.mk TARGET`); either way run make from the project root.
#
#   make fuzz          build both targets, fuzz each for $(FUZZ_TIME) seconds (default 60),
#                      new inputs into fuzz/out/NAME/, crashes as fuzz/out/NAME-crash-*
#   make fuzz-replay   build both targets and run every committed corpus file and every
#                      reproducer in fuzz/regressions/ once through both; non-zero on a crash
#   make fuzz-merge    minimise fuzz/out/NAME into a fresh folder, then add to fuzz/corpus/NAME
#                      the inputs that cover what it does not (review before committing)
#   make fuzz-build    build fuzz/build/fuzz_check and fuzz/build/fuzz_compile only
#   make fuzz-clean    remove fuzz/build/ and fuzz/out/
#
# Needs clang with libFuzzer (Debian: clang-14 and libclang-rt-14-dev) and the generator's
# pkg-config dependencies. Every variable is prefixed FUZZ_ so that the top Makefile's CC,
# CFLAGS, BUILD, ... are neither used nor disturbed.

# this file's targets must not become the including Makefile's default goal
FUZZ_SAVED_GOAL := $(.DEFAULT_GOAL)
FUZZ_ALONE      := $(filter 1,$(words $(MAKEFILE_LIST)))

ifeq ($(origin FUZZ_CC),undefined)
FUZZ_CC := $(shell command -v clang-14 2>/dev/null || echo clang)
endif
FUZZ_PKG_CONFIG ?= pkg-config
FUZZ_PKGS       := yaml-0.1 jansson libpcre2-8
FUZZ_TIME       ?= 60
FUZZ_NAMES      := check compile
FUZZ_BUILD      := fuzz/build
FUZZ_OUT        := fuzz/out

FUZZ_DEP_CFLAGS := $(shell $(FUZZ_PKG_CONFIG) --cflags $(FUZZ_PKGS) 2>/dev/null)
FUZZ_DEP_LIBS   := $(shell $(FUZZ_PKG_CONFIG) --libs $(FUZZ_PKGS) 2>/dev/null)
FUZZ_SAN        := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS     := -std=c17 -Wall -Wextra -O1 -g -fno-omit-frame-pointer \
                   -D_POSIX_C_SOURCE=200809L -DVPCGEN_VERSION='"fuzz"' \
                   -Igenerator $(FUZZ_DEP_CFLAGS)

# the generator as a library: every generator/*.c but the driver, instrumented for coverage
# (fuzzer-no-link) and checked by ASan and UBSan, plus the embedded files
FUZZ_LIB_SRCS := $(filter-out generator/main.c,$(wildcard generator/*.c))
FUZZ_LIB_OBJS := $(patsubst generator/%.c,$(FUZZ_BUILD)/lib/%.o,$(FUZZ_LIB_SRCS)) \
                 $(FUZZ_BUILD)/lib/embedded.o $(FUZZ_BUILD)/lib/builtin_data.o
FUZZ_BINS     := $(patsubst %,$(FUZZ_BUILD)/fuzz_%,$(FUZZ_NAMES))

# libFuzzer options: the long runs (make fuzz) and the one-shot replay (make fuzz-replay)
FUZZ_RUN_FLAGS    := -rss_limit_mb=2560 -timeout=25 -dict=fuzz/yaml.dict -max_len=65536
FUZZ_REPLAY_FLAGS := -rss_limit_mb=2560 -timeout=25
FUZZ_MERGE_FLAGS  := -rss_limit_mb=2560 -timeout=25 -use_counters=0 -use_cmp=0
# what fuzz-replay runs: every committed corpus file and every reproducer (files only: given a
# folder, libFuzzer would start fuzzing it; so fuzz/regressions/slow/ is not replayed)
FUZZ_REPLAY_FILES = $(sort $(shell find $(foreach n,$(FUZZ_NAMES),fuzz/corpus/$(n)) \
                        fuzz/regressions -maxdepth 1 -type f ! -name '*.md' 2>/dev/null))

.PHONY: fuzz fuzz-build fuzz-replay fuzz-merge fuzz-clean FORCE
.SECONDARY: $(FUZZ_LIB_OBJS) $(FUZZ_BUILD)/host/embedded.c $(FUZZ_BUILD)/host/builtin_data.c

fuzz-build: $(FUZZ_BINS)

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_common.h $(FUZZ_LIB_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -MMD -MP -o $@ $< $(FUZZ_LIB_OBJS) \
	    $(FUZZ_DEP_LIBS)

$(FUZZ_BUILD)/lib/%.o: generator/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -MMD -MP -c -o $@ $<

# embedded.c (the schema's text) and builtin_data.c (the frozen schema and templates) are
# made by the top Makefile's own rules, whatever they are, into a folder of ours; the outer
# make re-reads their dates, so their objects are rebuilt only when they changed.
$(FUZZ_BUILD)/host/embedded.c $(FUZZ_BUILD)/host/builtin_data.c: FORCE
	@$(MAKE) --no-print-directory -f Makefile BUILD=$(FUZZ_BUILD)/host FUZZ_NESTED=1 $@

$(FUZZ_BUILD)/lib/embedded.o $(FUZZ_BUILD)/lib/builtin_data.o: $(FUZZ_BUILD)/lib/%.o: $(FUZZ_BUILD)/host/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -c -o $@ $<

FORCE:

# Each target in turn, never both at once; new inputs go to fuzz/out/NAME (the committed
# corpus is only read). Stops at the first crash, leak or timeout: its input is then
# fuzz/out/NAME-crash-* (or -leak-, -timeout-, -oom-); see fuzz/README.md for what to do.
fuzz: fuzz-build
	@for n in $(FUZZ_NAMES); do \
	    mkdir -p $(FUZZ_OUT)/$$n || exit 1; \
	    echo "fuzz: $$n for $(FUZZ_TIME) s"; \
	    $(FUZZ_BUILD)/fuzz_$$n $(FUZZ_RUN_FLAGS) -max_total_time=$(FUZZ_TIME) \
	        -artifact_prefix=$(FUZZ_OUT)/$$n- $(FUZZ_OUT)/$$n fuzz/corpus/$$n || exit 1; \
	done

fuzz-replay: fuzz-build
	@for n in $(FUZZ_NAMES); do \
	    echo "fuzz-replay: $$n: $(words $(FUZZ_REPLAY_FILES)) inputs"; \
	    $(FUZZ_BUILD)/fuzz_$$n $(FUZZ_REPLAY_FLAGS) $(FUZZ_REPLAY_FILES) \
	        > $(FUZZ_BUILD)/replay-$$n.log 2>&1 \
	    || { tail -n 60 $(FUZZ_BUILD)/replay-$$n.log; \
	         echo "fuzz-replay: $$n FAILED (log: $(FUZZ_BUILD)/replay-$$n.log)"; exit 1; }; \
	done; echo "fuzz-replay: ok"

# Minimises fuzz/out/NAME into a fresh folder (-merge=1; edges only, not hit counts or
# comparisons, so that it stays small), then merges that into fuzz/corpus/NAME, which takes
# only the inputs that cover what it does not: the seeds stay, plus what the fuzzer found.
fuzz-merge: fuzz-build
	@for n in $(FUZZ_NAMES); do \
	    fresh=$(FUZZ_OUT)/merged-$$n; \
	    rm -rf $$fresh && mkdir -p $$fresh $(FUZZ_OUT)/$$n || exit 1; \
	    before=$$(ls fuzz/corpus/$$n | wc -l); \
	    { $(FUZZ_BUILD)/fuzz_$$n $(FUZZ_MERGE_FLAGS) -merge=1 $$fresh $(FUZZ_OUT)/$$n && \
	      $(FUZZ_BUILD)/fuzz_$$n $(FUZZ_MERGE_FLAGS) -merge=1 fuzz/corpus/$$n $$fresh; } \
	        > $(FUZZ_OUT)/merge-$$n.log 2>&1 \
	    || { tail -n 20 $(FUZZ_OUT)/merge-$$n.log; exit 1; }; \
	    echo "fuzz-merge: fuzz/corpus/$$n: $$(( $$(ls fuzz/corpus/$$n | wc -l) - before )) added," \
	         "$$(ls fuzz/corpus/$$n | wc -l) files, $$(cat fuzz/corpus/$$n/* | wc -c) bytes"; \
	done

fuzz-clean:
	rm -rf $(FUZZ_BUILD) $(FUZZ_OUT)

-include $(wildcard $(FUZZ_BUILD)/*.d $(FUZZ_BUILD)/lib/*.d)

# alone: `make -f fuzz/fuzz.mk` builds the targets; included: the includer's default stands
ifeq ($(FUZZ_ALONE),1)
.DEFAULT_GOAL := fuzz-build
else
.DEFAULT_GOAL := $(FUZZ_SAVED_GOAL)
endif
