# trueup — build, test, demo and benchmark targets. Everything a fresh
# machine needs is installed by the scripts these targets call.
GO        ?= go
BIN       ?= bin/trueup
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
# grpcnotrace keeps golang.org/x/net/trace (and the html/template it
# executes) out of the binary, so that the linker can drop unused methods;
# disable_grpc_modules keeps out the GCS gRPC client's DirectPath and xDS
# (envoy) packages, which trueup's HTTP GCS client never uses
# (docs/binary-size.md).
TAGS      ?= grpcnotrace,disable_grpc_modules
LDFLAGS   := -X github.com/trueup/trueup/engine/version.Version=$(VERSION) -X github.com/trueup/trueup/engine/version.Commit=$(COMMIT)
# A static binary without cgo, as Terraform's releases are: no dynamic
# loader, no libc and no cgo thread start-up before main (only net's
# resolver and os/user would use cgo; their pure-Go versions are what
# Terraform runs). docs/binary-size.md.
CGO       ?= 0
# The tests build with the same setting, so that a fresh machine compiles
# every dependency once, not once with cgo for `go test` and once without
# for the binary.
export CGO_ENABLED := $(CGO)

.PHONY: build test demo demo-artifacts demo-fleet bench bench-fleet bench-go fuzz soak lint test-deps clean

# The linker writes the binary through a shared mapping, which leaves it in
# the page cache as large folios; the kernel then maps a whole folio per page
# fault, and every run's RSS is 10-15 MB higher than with the same bytes
# written by cp or tar, as users install it. Copying keeps `make bench`'s
# memory figures what a user gets (docs/binary-size.md).
build:
	$(GO) build -tags "$(TAGS)" -ldflags "$(LDFLAGS)" -o $(BIN).link ./cmd/trueup
	cp $(BIN).link $(BIN).new && mv $(BIN).new $(BIN) && rm -f $(BIN).link

test: test-deps build
	$(GO) test -count=1 -timeout 20m ./...

test-deps:
	@bash scripts/test-deps.sh

demo: build
	@bash scripts/demo.sh

# demo-artifacts shows artifact promotion offline: registry -> pull request
# with plan -> merge -> dev -> staging -> rollback.
demo-artifacts: build
	@bash scripts/demo-artifacts.sh

# demo-fleet runs two agents on one PostgreSQL (initdb/pg_ctl from this
# machine) and kills one of them.
demo-fleet: build
	@bash scripts/demo-fleet.sh

# bench measures the trueup binary on generated stacks of BENCH_N
# null_resources (default 1000,10000,100000) and prints a table, then the
# latency-bound runs against the sandbox, BENCH_LATENCY as N@LATENCY/P
# (empty: none; the default has a run bound by latency at P=10 and at
# P=50, one where a process's fixed cost weighs, and one bound by CPU);
# BENCH_FLAGS passes more, e.g. BENCH_FLAGS='-json new.json -compare old.json'.
# docs/performance.md records the figures and how to reproduce them.
BENCH_FLAGS   ?=
BENCH_LATENCY ?= 1000@20ms/10,10000@50ms/50,1000@50ms/50,10000@20ms/50
bench: build
	$(GO) run ./cmd/trueup-bench -trueup $(BIN) -latency-cases '$(BENCH_LATENCY)' $(BENCH_FLAGS)

# bench-fleet measures drift checks of STACKS stacks (default 100), all due
# at once, run by one agent and by three sharing PostgreSQL, against
# `trueup sandbox -latency=LATENCY` (default 200ms); docs/performance.md.
bench-fleet: build
	@bash scripts/bench-fleet.sh

# bench-go runs the in-process `go test -bench` benchmarks.
bench-go: test-deps
	$(GO) test -run '^$$' -bench . -benchmem -timeout 30m ./cmd/trueup ./engine/... ./internal/... ./providers/plugin ./providers/aws ./schema

# fuzz runs each fuzz target for FUZZTIME; `make test` runs their seed
# corpora (testdata/fuzz/) only. A crash leaves its input in testdata/fuzz:
# fix the bug and commit the input with the fix.
FUZZTIME  ?= 60s
FUZZ      := ./engine/config:FuzzLoadSources ./engine/state:FuzzDecode ./engine/eval:FuzzValidate ./engine/eval:FuzzUnmarshalJSON \
             ./engine/agent/htmlpage:FuzzRendersAsHTMLTemplate ./internal/ctymarshal:FuzzJSONStringIsCtyJSON

fuzz:
	@set -e; for t in $(FUZZ); do \
		echo "fuzz $${t#*:} ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) "$${t%%:*}"; \
	done

# soak kills a real `trueup apply` of 1,000 resources with SIGKILL
# SOAK_KILLS times per backend (local state, and S3 state in the sandbox)
# at random moments, checks the state after each kill against the files
# the apply made, and prints the figures (docs/reliability.md records
# them). `make test` runs three kills. SOAK_SEED=N replays a run.
SOAK_KILLS ?= 100
SOAK_SEED  ?=
soak: test-deps
	@mkdir -p bin; TRUEUP_SOAK_KILLS=$(SOAK_KILLS) TRUEUP_SOAK_SEED=$(SOAK_SEED) $(GO) test -count=1 -timeout 120m -v \
		-run '^TestKillDashNineSoak$$' ./cmd/trueup >bin/soak.log 2>&1; rc=$$?; \
		grep -E '^(=== RUN|--- |\s+soak_test\.go|PASS|FAIL|ok)' bin/soak.log; echo "full log: bin/soak.log"; exit $$rc

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf bin
