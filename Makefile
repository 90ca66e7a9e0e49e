# devicecode — every target works on a fresh clone with only Go, git and make.
GO            ?= go
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Pinned; its configuration, with the reason for every exclusion, is
# .golangci.yml. (The nested interop/zitadel module is a test server and
# gets vet and staticcheck only.)
GOLANGCI      := github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
# The standard marker tools recognise (https://go.dev/s/generatedcode).
GEN_MARKER    := ^// Code generated .* DO NOT EDIT\.$$
# Paths the generator may touch; verify-generated fails on any drift there.
GEN_PATHS     := gen specs go.mod go.sum
# A count, not a duration: a duration-based -fuzztime races the fuzz
# coordinator's deadline on Go < 1.27 and fails spuriously with "context
# deadline exceeded" under load (golang/go#75804).
FUZZTIME      ?= 50000x

.PHONY: all generate verify-generated test lint bench bench-scale fuzz-smoke fuzz sync-veeam build

all: verify-generated lint test

build:
	$(GO) build ./...

# Delete every generated file first so that outputs whose spec disappeared do
# not linger, then regenerate everything from specs/.
generate:
	@grep -rlE --include='*.go' '$(GEN_MARKER)' gen | xargs -r rm -f
	$(GO) generate ./...

# Drift check: changed files and new untracked ones (git diff alone misses
# those), plus go.mod/go.sum tidiness.
verify-generated: generate
	@git diff --exit-code -- $(GEN_PATHS) || { echo "verify-generated: generated code differs from specs/ — run make generate and commit"; exit 1; }
	@untracked=$$(git status --porcelain --untracked-files=all -- $(GEN_PATHS)); \
	  if [ -n "$$untracked" ]; then echo "verify-generated: untracked generated files:"; echo "$$untracked"; exit 1; fi
	$(GO) mod tidy -diff

test:
	$(GO) test -race -count=1 ./...

# The interop server is a nested module (its dependencies stay out of ours):
# lint it too.
lint:
	@unformatted=$$(git ls-files '*.go' | grep -v '\.gen\.go$$' | xargs gofmt -l); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) run $(GOLANGCI) run ./...
	$(GO) -C interop/zitadel vet ./...
	$(GO) -C interop/zitadel mod tidy -diff
	cd interop/zitadel && $(GO) run $(STATICCHECK) ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# 10,000 concurrent pending flows, with x/oauth2's figures from the same run.
bench-scale:
	$(GO) test ./internal/scale -run '^$$' -bench PendingFlows -benchtime 1x -benchmem

# A short fuzz run per decoder target, in every package that has one;
# `make fuzz` for long runs.
FUZZ_PKGS     := ./normalize . ./internal/jsonstrict ./internal/safetext ./internal/hostname ./vendors/veeam ./vendors/cohesity ./vendors/microsoft ./vendors/internal/vendorkit

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
# specs/veeam/SOURCE.md).
sync-veeam: UPSTREAM ?= $(or $(DEVICECODE_SHARED),../shared)/vendor-specs/veeam/vb365_rest_v8.json
sync-veeam:
	$(GO) run ./internal/cmd/specsubset -upstream "$(UPSTREAM)" -ops specs/veeam/operations.txt -any-to-json -strip-version -out specs/veeam/openapi.json
	$(GO) generate ./gen/veeam/...
