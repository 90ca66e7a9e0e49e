# devicecode — every target works on a fresh clone with only Go, git and make
# (and the Go module proxy, for the pinned tools).
GO            ?= go
STATICCHECK   := honnef.co/go/tools/cmd/staticcheck@v0.8.2
# Pinned; its configuration, with the reason for every exclusion, is
# .golangci.yml. (The nested interop/zitadel module is a test server and
# gets vet and staticcheck only.)
GOLANGCI      := github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
# Pinned, run as the linters are (from the module proxy alone): go test
# -json's stream, printed as go test prints it, then each skipped test with
# its reason and "DONE N tests, M skipped" — tests skip without what they
# need (../shared absent, no PostgreSQL), and the summary says which did. It exits as go test does, build failures and
# panics included, which a parser of our own would have to get right.
GOTESTSUM     := gotest.tools/gotestsum@v1.13.0
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

.PHONY: all generate verify-generated test lint bench bench-scale bench-durable fuzz-smoke fuzz sync-veeam sync-gitlab sync-cohesity spec-diff spec-guard build screenshots

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

# The race detector needs cgo and a C compiler (go env CC), which Go, git
# and make alone do not bring: -race where both are there, and a note once
# when it is off and why.
CC_PROG       = $(firstword $(shell $(GO) env CC))
RACE_OFF      = $(if $(filter-out 1,$(shell $(GO) env CGO_ENABLED)),CGO_ENABLED is not 1,$(if $(and $(CC_PROG),$(shell command -v $(CC_PROG))),,no C compiler $(or $(CC_PROG),(go env CC is empty))))
RACE          = $(if $(RACE_OFF),,-race)

# The README's test command: every package of every module in go.work
# (make test PKGS=./devicetest/... for some).
test:
	@$(if $(RACE_OFF),echo "make test: the race detector is off ($(RACE_OFF); -race needs cgo and a C compiler)")
	$(GO) run $(GOTESTSUM) --format standard-quiet --raw-command -- $(GO) test -json $(RACE) -count=1 $(PKGS)

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

# What a new upstream spec changes in our contract, each change classified
# breaking or not from our client's side with its reason and the canonical
# or Go field it touches (internal/tools/specdiff; oasdiff pinned there, run
# with go run so none of its dependencies enter a go.mod). Veeam (and any
# vendor with specs/<vendor>/operations.txt): UPSTREAM is the upstream
# OpenAPI file, cut as the sync cuts it. GitLab: a JSON Schema file or
# directory, compared with the pinned upstream's. FORMAT=json for
# {"changes": [{"breaking", "summary", "kind", "reason", "affects"}]}.
spec-diff:
	@if [ -z "$(VENDOR)" ] || [ -z "$(UPSTREAM)" ]; then echo "usage: make spec-diff VENDOR=veeam UPSTREAM=path/to/upstream.json [FORMAT=json]"; exit 2; fi
	@$(GO) run ./internal/tools/specdiff -vendor "$(VENDOR)" -upstream "$(UPSTREAM)" -format "$(or $(FORMAT),md)"

# The report every sync target prints first: $(call spec_diff_report,VENDOR,UPSTREAM).
spec_diff_report = $(MAKE) --no-print-directory spec-diff VENDOR=$(1) UPSTREAM="$(2)"

# CI's guard: the report of every vendor contract in specs/ that changed
# since BASE (default .ci/base: the last release tag, else .ci/baseline);
# fails on a breaking change not accepted, with its reason, in
# specs/ACCEPTED-CHANGES.json.
spec-guard:
	@$(GO) run ./internal/tools/specdiff -guard "$(or $(BASE),$(shell bash .ci/base))"

# Re-derive specs/veeam from a new upstream VB365 OpenAPI file (v6, v7 or v8).
# -any-to-json: upstream types the /token 200 body as */*, which would give
# it no typed JSON200; -strip-version: upstream prefixes every path with its
# version (/v8/token), which the client adds at run time instead (see
# specs/veeam/SOURCE.md); -absorbed: an older upstream (v6, v7) than the
# committed cut does not replace it, the tool reports how the client
# absorbs each difference and fails on one it does not. It prints the
# spec-diff report first.
sync-veeam: UPSTREAM ?= $(or $(DEVICECODE_SHARED),../shared)/vendor-specs/veeam/vb365_rest_v8.json
sync-veeam:
	@$(call spec_diff_report,veeam,$(UPSTREAM))
	$(GO) run ./internal/tools/specsubset -upstream "$(UPSTREAM)" -ops specs/veeam/operations.txt -any-to-json -strip-version -absorbed specs/veeam/absorbed.txt -out specs/veeam/openapi.json
	$(GO) generate ./gen/veeam/...

# --- releases: Go API compatibility (apidiff) --------------------------------
# Incompatible Go API changes of the published modules (the SDK with gen/*,
# and durable) since BASE: default .ci/base (the last release tag v*, else
# the commit .ci/baseline records). Prints them; fails only as CI's guard does (APIDIFF_GUARD=1:
# an incompatible change needs a "### Breaking" entry under Unreleased in
# CHANGELOG.md). See the README's "Versioning". .ci/prove-apidiff shows the
# guard fails on a removed exported function.
apidiff:
	bash .ci/apidiff $(if $(APIDIFF_GUARD),--guard) $(BASE)
.PHONY: apidiff
# --- end releases ---------------------------------------------------------------

# --- sync: Cohesity and GitLab ------------------------------------------------
# Both print the spec change report first (spec_diff_report).

# Cut our operations (specs/cohesity/operations.txt) from Cohesity's
# published v2 OpenAPI file (cohesity/go-sdk v2/api/openapi.yaml, which the
# maintainer supplies: it is large and not on the module proxy) into
# COHESITY_CUT, and print how it differs from our hand-written contract.
# ADOPT=1 also replaces specs/cohesity/openapi.json by the cut and
# regenerates — which renames generated types today (specs/cohesity/SOURCE.md,
# "Compared with upstream"), so the build check after it says what to undo.
COHESITY_CUT ?= $(or $(TMPDIR),/tmp)/devicecode-cohesity-subset.json
sync-cohesity:
	@test -n "$(UPSTREAM)" || { echo "sync-cohesity: UPSTREAM=path/to/go-sdk/v2/api/openapi.yaml is required (specs/cohesity/SOURCE.md)"; exit 2; }
	@echo "sync-cohesity: the report below is what ADOPT=1 would change in specs/cohesity/openapi.json; the lines after it mark each difference documented or NEW"
	@$(call spec_diff_report,cohesity,$(UPSTREAM))
	$(GO) run ./internal/tools/specsubset -upstream "$(UPSTREAM)" -ops specs/cohesity/operations.txt -out "$(COHESITY_CUT)"
	$(GO) run ./internal/tools/speccompare -ours specs/cohesity/openapi.json -theirs "$(COHESITY_CUT)" -known specs/cohesity/upstream-differences.txt
ifeq ($(ADOPT),1)
	cp "$(COHESITY_CUT)" specs/cohesity/openapi.json
	$(GO) generate ./gen/cohesity/...
	@$(GO) build ./vendors/cohesity/... ./devicetest/... ./cmd/devicecode/... || { \
	  echo "sync-cohesity: the cut changes the generated API the SDK uses (see the differences above); undo with: git checkout specs/cohesity gen/cohesity"; exit 1; }
else
	@echo "sync-cohesity: specs/cohesity/openapi.json unchanged; the cut is $(COHESITY_CUT) (ADOPT=1 replaces ours by it and regenerates)"
endif

# Take the GitLab files we use from api-evangelist/gitlab (a checkout, or one
# downloaded file with the rest from the shared copy) by their current names
# (specs/gitlab/upstream-files.txt), report renames with the closest-named
# candidates, stage them under the names the conformance tests read, print
# the change report, run those tests on them and regenerate gen/gitlab. Our
# schemas are hand-written mirrors (specs/gitlab/SOURCE.md): the tests name
# each difference to carry over by hand.
GITLAB_SHARED ?= $(or $(DEVICECODE_SHARED),../shared)/vendor-specs/gitlab
GITLAB_STAGE  ?= $(or $(TMPDIR),/tmp)/devicecode-gitlab-upstream
sync-gitlab: UPSTREAM ?= $(GITLAB_SHARED)
sync-gitlab:
	rm -rf "$(GITLAB_STAGE)"
	$(GO) run ./internal/tools/gitlabsync -upstream "$(UPSTREAM)" -base "$(GITLAB_SHARED)" -map specs/gitlab/upstream-files.txt -source specs/gitlab/SOURCE.md -stage "$(GITLAB_STAGE)"
	@$(call spec_diff_report,gitlab,$(GITLAB_STAGE)/vendor-specs/gitlab/json-schema)
	DEVICECODE_SHARED="$(GITLAB_STAGE)" $(GO) test -count=1 -run '^TestGitLab(SchemasMatchUpstream|UpstreamDefects|UpstreamPinned)$$' ./internal/tools/speccheck
	$(GO) generate ./gen/gitlab/...

# --- end sync ---------------------------------------------------------------------
