# devicecode — every target works on a fresh clone with only Go, git and make.
GO            ?= go
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Pinned; its configuration, with the reason for every exclusion, is
# .golangci.yml. (The nested interop/zitadel module is a test server and
# gets vet and staticcheck only.)
GOLANGCI      := github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
# The standard marker tools recognise (https://go.dev/s/generatedcode).
GEN_MARKER    := ^// Code generated .* DO NOT EDIT\.$$
# The workspace's modules, as go.work lists them: the SDK at the root, the
# one module an integrator requires; the CLI (cmd/devicecode); and the
# build-time tools (internal/tools: the generator's pin, specsubset and the
# spec checks that parse OpenAPI). Their dependencies stay out of the root's
# go.mod, and so out of every integrator's module graph. Targets run over all
# of them; interop/zitadel is a module outside the workspace (see lint).
MODULES       := $(shell $(GO) work edit -json | sed -n 's/.*"DiskPath": "\([^"]*\)".*/\1/p')
ifeq ($(MODULES),)
$(error no modules: every target runs over go.work's modules; is GOWORK=off set?)
endif
PKGS          := $(addsuffix /...,$(MODULES))
# Paths the generator may touch; verify-generated fails on any drift there.
GEN_PATHS     := gen specs go.work $(foreach m,$(MODULES),$(m)/go.mod $(m)/go.sum)
# A count, not a duration: a duration-based -fuzztime races the fuzz
# coordinator's deadline on Go < 1.27 and fails spuriously with "context
# deadline exceeded" under load (golang/go#75804).
FUZZTIME      ?= 50000x

.PHONY: all generate verify-generated test lint bench bench-scale bench-durable fuzz-smoke fuzz sync-veeam build screenshots

all: verify-generated lint test

build:
	$(GO) build $(PKGS)

# Delete every generated file first so that outputs whose spec disappeared do
# not linger, then regenerate everything from specs/. The generator is the
# version internal/tools/go.mod pins: go.work puts that module beside the
# root, so gen/*/generate.go's `go run` resolves it from the workspace.
generate:
	@grep -rlE --include='*.go' '$(GEN_MARKER)' gen | xargs -r rm -f
	$(GO) generate ./...

# Drift check: changed files and new untracked ones (git diff alone misses
# those), plus go.mod/go.sum tidiness of every module, each on its own (as
# an integrator or `go install` sees it, without go.work).
verify-generated: generate
	@git diff --exit-code -- $(GEN_PATHS) || { echo "verify-generated: generated code differs from specs/ — run make generate and commit"; exit 1; }
	@untracked=$$(git status --porcelain --untracked-files=all -- $(GEN_PATHS)); \
	  if [ -n "$$untracked" ]; then echo "verify-generated: untracked generated files:"; echo "$$untracked"; exit 1; fi
	@for m in $(MODULES); do \
	  echo "GOWORK=off $(GO) -C $$m mod tidy -diff"; \
	  GOWORK=off $(GO) -C $$m mod tidy -diff || { echo "verify-generated: $$m/go.mod or go.sum is not tidy — run go mod tidy there and commit"; exit 1; }; \
	done

# The README's test command: every package of every module in go.work.
test:
	$(GO) test -race -count=1 $(PKGS)

# PNGs of every verification page of the fakes (GitLab's and Entra's entry,
# confirmation, result and error pages), 1280 and 390 pixels wide, full
# page, taken in headless Chromium (apt-get install chromium) by
# TestScreenshots; they are not committed (.gitignore).
SCREENSHOTS_DIR ?= screenshots
screenshots:
	SCREENSHOTS_DIR="$(abspath $(SCREENSHOTS_DIR))" $(GO) test -count=1 -run '^TestScreenshots$$' ./cmd/devicecode/internal/browsertest
	@echo "screenshots in $(abspath $(SCREENSHOTS_DIR))"

# The interop server is a nested module outside the workspace (its
# dependencies stay out of ours, and out of the versions our tests run
# with): lint it too, on its own (GOWORK=off).
lint:
	@unformatted=$$(git ls-files '*.go' | grep -v '\.gen\.go$$' | xargs gofmt -l); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) run $(STATICCHECK) $(PKGS)
	$(GO) run $(GOLANGCI) run $(PKGS)
	GOWORK=off $(GO) -C interop/zitadel vet ./...
	GOWORK=off $(GO) -C interop/zitadel mod tidy -diff
	cd interop/zitadel && GOWORK=off $(GO) run $(STATICCHECK) ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

# 10,000 concurrent pending flows, with x/oauth2's figures from the same run.
bench-scale:
	$(GO) test ./internal/scale -run '^$$' -bench PendingFlows -benchtime 1x -benchmem

# Package durable under load: worker processes on one PostgreSQL
# (DEVICECODE_POSTGRES_URL), the GitLab fake in its own process, FLOWS
# pending flows; the same run's in-process PollOnce baseline, and a run
# with one worker SIGKILLed. About three minutes; FLOWS=3000 for a count
# that holds on a 2-core machine.
FLOWS         ?= 10000
bench-durable:
	$(GO) test ./durable/internal/flowbench -run '^$$' -bench DurableFlows -benchtime 1x -timeout 30m -flows $(FLOWS)

# A short fuzz run per decoder target, in every package that has one;
# `make fuzz` for long runs.
FUZZ_PKGS     := ./normalize . ./internal/jsonstrict ./internal/safetext ./internal/hostname ./vendors/veeam ./vendors/cohesity ./vendors/microsoft ./vendors/internal/vendorkit ./durable

# Long runs of every target: make fuzz (2000000 executions each), or
# make fuzz FUZZTIME=10000000x. Counts, not durations (see FUZZTIME).
fuzz: FUZZTIME = 2000000x
fuzz: fuzz-smoke

fuzz-smoke:
	@for pkg in $(FUZZ_PKGS); do \
	  for target in $$($(GO) test $$pkg -list '^Fuzz' | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$target"; \
	    $(GO) test $$pkg -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) || exit 1; \
	  done; \
	done

# Re-derive specs/veeam from a new upstream VB365 OpenAPI file (v6, v7 or v8).
# -any-to-json: upstream types the /token 200 body as */*, which would give
# it no typed JSON200; -strip-version: upstream prefixes every path with its
# version (/v8/token), which the client adds at run time instead (see
# specs/veeam/SOURCE.md); -absorbed: an older upstream (v6, v7) than the
# committed cut does not replace it, the tool reports how the client
# absorbs each difference and fails on one it does not.
sync-veeam: UPSTREAM ?= $(or $(DEVICECODE_SHARED),../shared)/vendor-specs/veeam/vb365_rest_v8.json
sync-veeam:
	$(GO) run ./internal/tools/specsubset -upstream "$(UPSTREAM)" -ops specs/veeam/operations.txt -any-to-json -strip-version -absorbed specs/veeam/absorbed.txt -out specs/veeam/openapi.json
	$(GO) generate ./gen/veeam/...
