# Makefile: the front door of the course. Every target installs what is missing first
# (tools/setup.sh, well under a second when nothing is), then drives CMake and CTest in build/.
#
#   make run | test | help           the README's commands
#   make chN-run | chN-test | chN-debug | chN-exercises | chN-solutions-check   (N = 1..6)
#   make chN-lab | chN-grade | chN-lab-check                                     (the labs)
#   make docs | clean | sanitize | fuzz | check-all
#
# Stage numbers may be written 1 or 01: `make ch1-run` and `make ch01-run` are the same.

BUILD   ?= build
JOBS    ?= $(shell nproc)
# Stages that exist, and the most advanced one (what `make run` boots).
DONE    := 01 02 03 04 05 06
LATEST  := 06
# Kernel command line for chN-run / chN-debug, e.g. make ch1-run APPEND="log=debug"
APPEND  ?=
# chN-lab: earlier chapters' lab regions keep your code (keep), take the reference's (reference,
# from REF), or become stubs too (stub)
EARLIER ?= keep
REF     ?= main
# APP=name: the stage 6 application ch6-run/ch6-debug boot (ch06-api/apps/: httpserver,
# echoserver, udpserver, httpclient)
APP     ?= httpserver
# NIC=igb: stage 6's servers on QEMU's igb (82576) instead of virtio-net
NIC     ?= virtio
# PCAP=1: chN-run records the network traffic to $(BUILD)/chNN-capture.pcap (stages 3+)
PCAP    ?=
# make fuzz: seconds of generated inputs for each libFuzzer target (make test runs 5).
FUZZ_SECONDS ?= 300

STAGE_01 := ch01-boot
STAGE_02 := ch02-drivers
STAGE_03 := ch03-virtio-net
STAGE_04 := ch04-ixgbe
STAGE_05 := ch05-axnet
STAGE_06 := ch06-api

CTEST := ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

.PHONY: help run test check-all bench setup configure build docs clean sanitize fuzz handout

help:
	@echo "The two commands of the README:"
	@echo "  make run                 boot the most advanced finished stage ($(STAGE_$(LATEST))); quit with Ctrl-A X"
	@echo "  make test                build everything and run every test of every stage (CTest)"
	@echo "  make check-all           make test, plus the slow checks (each solution against every later stage;"
	@echo "                           fuzzing for FUZZ_SECONDS=60; tests labelled slow, none yet): an hour or more"
	@echo "Per stage (N = 1..6, also written 01..06):"
	@echo "  make chN-run             boot stage N's demo kernel on this terminal (APPEND=\"log=debug\" for a kernel command line)"
	@echo "                           stage 6 boots an application: make ch6-run APP=echoserver (default httpserver),"
	@echo "                           on QEMU's igb with NIC=igb (httpserver, echoserver, udpserver)"
	@echo "  make chN-test            build stage N's programs and run its tests (CTest label chNN)"
	@echo "  make chN-debug           boot stage N paused and attach GDB, stopped at the kernel's entry"
	@echo "  make chN-exercises       run the chapter's exercise tests (they fail until you solve them)"
	@echo "  make chN-solutions-check prove each exercise's test fails without its solution and passes with it,"
	@echo "                           and that the solution breaks no test of stage N or a later stage"
	@echo "  make chN-bench           run stage N's benchmarks (from stage 2 on): figures, never pass/fail"
	@echo "The labs (each chapter's Lab section):"
	@echo "  make chN-lab             make your lab tree for chapter N: a git branch lab/chNN whose lab regions"
	@echo "                           are stubs to write (EARLIER=keep|reference|stub: earlier chapters' regions)"
	@echo "  make chN-grade           build and run chapter N's graded tests, each with its points: score X/Y"
	@echo "  make chN-lab-check       prove each lab region is graded and this tree scores full marks"
	@echo "  make handout N=n DEST=d  for a teacher: the course without the reference, a new git repository"
	@echo "                           in d with chapters 1 to n's lab regions stubbed and no history"
	@echo "Other:"
	@echo "  make bench               run every stage's benchmarks (figures only, never pass/fail)"
	@echo "  make sanitize            run every host test built with AddressSanitizer + UBSan (also in make test)"
	@echo "  make fuzz                run each libFuzzer target for FUZZ_SECONDS (default 300; make test runs 5)"
	@echo "  make docs                generate the book and API reference into $(BUILD)/docs/html/index.html"
	@echo "  make setup               install what the course needs (apt), check versions"
	@echo "  make build               build every kernel and test program"
	@echo "  make clean               remove $(BUILD)/"
	@echo "Variables: ACCEL=kvm (only with hardware virtualization), APPEND=\"kernel command line\","
	@echo "           PCAP=1 (chN-run records network traffic to $(BUILD)/chNN-capture.pcap), BUILD=dir, JOBS=n,"
	@echo "           EARLIER=keep|reference|stub and REF=main (chN-lab)"
	@echo "           FUZZ_SECONDS=n (make fuzz); CC=gcc-13 CXX=g++-13 with a new BUILD=dir picks the compiler"

setup:
	@tools/setup.sh

configure: setup
	@test -f $(BUILD)/build.ninja || cmake -S . -B $(BUILD) -G Ninja
	@ln -sfn $(BUILD)/compile_commands.json compile_commands.json  # for editors (clangd)

build: configure
	@cmake --build $(BUILD)

run: ch$(LATEST)-run

# make test: every test but the exercises' (they fail until solved) and the slow ones (label
# slow: a check too long for make test; none carries it yet), which make check-all adds. Each chNN.solutions_check proves a
# solution against its own stage here, against every later stage in make check-all.
test: build
	@$(CTEST) -LE 'exercise|^slow$$'

check-all: build
	@AX_SOLUTIONS_SCOPE=later FUZZ_SECONDS=$(if $(filter command line,$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),60) $(CTEST) -LE exercise

# The sanitizer twins of the host tests and the fuzz targets (cmake/sanitize.cmake,
# cmake/fuzz.cmake): both run briefly in make test; these run them alone, the fuzzers long.
sanitize: build
	@$(CTEST) -L '^sanitize$$'

fuzz: build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) $(CTEST) -L '^fuzz$$'

# Benchmarks of the stages that have them.
bench: ch2-bench ch3-bench ch4-bench ch5-bench ch6-bench

docs: configure
	@cmake --build $(BUILD) --target docs
	@echo "docs: open $(BUILD)/docs/html/index.html"

clean:
	rm -rf $(BUILD)

# --- per-stage targets -------------------------------------------------------------------
# $(call nn,1) = 01: the two-digit form of a stage number.
nn = $(shell printf '%02d' $(patsubst 0%,%,$(1)))
# Fails with a clear message for a stage that is not written yet, or that does not exist.
check_stage = $(if $(filter $(call nn,$(1)),$(DONE)),,$(if $(STAGE_$(call nn,$(1))),$(error stage $(1) ($(STAGE_$(call nn,$(1)))) is not built yet: see $(STAGE_$(call nn,$(1)))/README.md),$(error there is no stage $(1): the stages are $(patsubst 0%,%,$(DONE)))))
# A stage's kernel: chNN-kernel, except stage 6, whose kernels are its applications (APP=).
kernel_target = $(if $(filter 06,$(call nn,$(1))),ch06-$(APP)$(if $(filter igb,$(NIC)),-igb),ch$(call nn,$(1))-kernel)
# The QEMU devices of a stage (tools/axqemu.py STAGE_DEVICES): ch06-igb for stage 6 with NIC=igb.
run_stage = ch$(call nn,$(1))$(if $(and $(filter 06,$(call nn,$(1))),$(filter igb,$(NIC))),-igb)
kernel = $(BUILD)/$(STAGE_$(call nn,$(1)))/$(call kernel_target,$(1)).elf

ch%-run: configure
	$(call check_stage,$*)
	@cmake --build $(BUILD) --target $(call kernel_target,$*)
	@python3 tools/run.py --stage $(call run_stage,$*) $(if $(PCAP),--pcap $(BUILD)/ch$(call nn,$*)-capture.pcap) $(call kernel,$*) $(APPEND)

ch%-debug: configure
	$(call check_stage,$*)
	@cmake --build $(BUILD) --target $(call kernel_target,$*)
	@python3 tools/debug.py --stage $(call run_stage,$*) $(call kernel,$*) $(APPEND)

# chN-test and chN-exercises build stage N's targets only (chNN-build, CMakeLists.txt).
ch%-test: configure
	$(call check_stage,$*)
	@cmake --build $(BUILD) --target ch$(call nn,$*)-build
	@$(CTEST) -L '^ch$(call nn,$*)$$' -LE '^slow$$'

ch%-exercises: configure
	$(call check_stage,$*)
	@cmake --build $(BUILD) --target ch$(call nn,$*)-build
	@$(CTEST) -L '^ch$(call nn,$*)-exercise$$'

ch%-bench: configure
	$(call check_stage,$*)
	@cmake --build $(BUILD) --target ch$(call nn,$*)-bench

ch%-solutions-check: build
	$(call check_stage,$*)
	@python3 tools/solutions_check.py --build $(BUILD) --stage $(STAGE_$(call nn,$*)); \
	  rc=$$?; [ $$rc -ne 77 ] || echo "(skipped: see above)"; [ $$rc -eq 0 ] || [ $$rc -eq 77 ]

# The labs (tools/lab.py): the student's tree, its grade, and the proof that the labs are real.
ch%-lab:
	$(call check_stage,$*)
	@python3 tools/lab.py new --stage $* --earlier $(EARLIER) --ref $(REF)

ch%-grade: configure
	$(call check_stage,$*)
	@python3 tools/lab.py grade --stage $* --build $(BUILD) --jobs $(JOBS)

ch%-lab-check: configure
	$(call check_stage,$*)
	@python3 tools/lab.py check --stage $* --build $(BUILD) --jobs $(JOBS)

# For a teacher: the course as a new repository without the reference (no history, chapters 1
# to N's lab regions stubbed). make handout N=3 DEST=$HOME/course-lab3
handout:
	@[ -n "$(N)" ] && [ -n "$(DEST)" ] || { echo "usage: make handout N=<chapter> DEST=<new folder>"; exit 2; }
	$(call check_stage,$(N))
	@python3 tools/lab.py handout --stage $(N) --dest $(DEST)
