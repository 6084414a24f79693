# bench/bench.mk - vpcgen's benchmark (issue 6), a fragment for the top Makefile:
#
#   include bench/bench.mk         (in ./Makefile; or stand-alone: make -f bench/bench.mk bench)
#
#   make bench              build optimised (build/bench), generate the inputs, run every case,
#                           print the table (also in bench/out/results.md); misses never fail
#   make bench-build        only the binaries: build/bench/vpcgen, bench/out/floor, bench/out/measure
#   make bench-inputs       only the inputs in bench/out (10000 specs, bombs, worst cases)
#   make bench-cdk-deps     npm ci in bench/peers/cdk (pinned aws-cdk-lib); `make bench` then
#                           also times the CDK peer (or always with BENCH_CDK=1; never with 0)
#   make bench-clean        remove bench/out and build/bench
#
# Knobs (environment or command line): BENCH_OPT (default -O2 -g: the release flags; -g
# changes no code and names the lines in profiles), CALLGRIND=0 to skip the instruction
# counts, BENCH_CASES="cfn-wagtail tf-wagtail" to run a subset, WARM/RUNS/BATCH_WARM/
# BATCH_RUNS (see bench/run.sh). Needs python3 (inputs), valgrind (instruction counts).
# Everything it writes is under bench/out/ and build/bench/ (both ignored by git).

BENCH_MK   := $(lastword $(MAKEFILE_LIST))
BENCH_DIR  := $(patsubst %/,%,$(dir $(BENCH_MK)))
BENCH_ROOT := $(patsubst %/,%,$(dir $(BENCH_DIR)))
BENCH_OUT  := $(BENCH_DIR)/out
BENCH_BIN  := build/bench/vpcgen
BENCH_OPT  ?= -O2 -g
BENCH_CC   ?= $(or $(CC),cc)
BENCH_PKGS := yaml-0.1 jansson libpcre2-8
BENCH_PKG_CONFIG ?= pkg-config
BENCH_CFLAGS := -std=c17 -O2 -Wall -Wextra
BENCH_GOAL_SAVED := $(.DEFAULT_GOAL)

.PHONY: bench bench-build bench-inputs bench-cdk-deps bench-clean bench-vpcgen

bench: bench-build bench-inputs
	cd $(BENCH_ROOT) && BENCH_OPT="$(BENCH_OPT)" VPCGEN=$(BENCH_BIN) FLOOR=$(BENCH_OUT)/floor \
	    MEASURE=$(BENCH_OUT)/measure OUT=$(BENCH_OUT) sh $(BENCH_DIR)/run.sh

bench-build: bench-vpcgen $(BENCH_OUT)/floor $(BENCH_OUT)/measure

# The top Makefile builds it, in its own folder, with the release flags; always asked so that
# its own dependency tracking decides what to rebuild.
bench-vpcgen:
	$(MAKE) -C $(BENCH_ROOT) -f Makefile BUILD=build/bench OPT="$(BENCH_OPT)" SANITIZE= $(BENCH_BIN)

$(BENCH_OUT)/floor: $(BENCH_DIR)/floor.c | $(BENCH_OUT)
	$(BENCH_CC) $(BENCH_CFLAGS) $(shell $(BENCH_PKG_CONFIG) --cflags $(BENCH_PKGS)) -o $@ $< \
	    $(shell $(BENCH_PKG_CONFIG) --libs $(BENCH_PKGS))

$(BENCH_OUT)/measure: $(BENCH_DIR)/measure.c | $(BENCH_OUT)
	$(BENCH_CC) $(BENCH_CFLAGS) -o $@ $<

bench-inputs: $(BENCH_OUT)/batch-10000.list

$(BENCH_OUT)/batch-10000.list: $(BENCH_DIR)/gen.py | $(BENCH_OUT)
	python3 $(BENCH_DIR)/gen.py $(BENCH_OUT)

$(BENCH_OUT):
	mkdir -p $@

bench-cdk-deps:
	cd $(BENCH_DIR)/peers/cdk && npm ci --no-audit --no-fund

bench-clean:
	rm -rf $(BENCH_OUT) $(BENCH_ROOT)/build/bench

# Included before the top Makefile's first target, this fragment must not become its default
# goal; used alone (make -f bench/bench.mk), `bench` is the default.
ifeq ($(BENCH_GOAL_SAVED),)
ifeq ($(strip $(filter-out $(BENCH_MK),$(MAKEFILE_LIST))),)
.DEFAULT_GOAL := bench
else
.DEFAULT_GOAL :=
endif
else
.DEFAULT_GOAL := $(BENCH_GOAL_SAVED)
endif
