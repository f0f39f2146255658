# armor — top-level entry points. Each target installs the Debian packages it
# needs first (quietly when they are present), so each is one command on a
# fresh Debian 12 machine.

BUILD_DIR ?= build
BENCH_BUILD_DIR ?= build-bench
JOBS ?= 2
CORPUS ?= $(abspath ../shared/corpus)

DEB_PACKAGES := antlr4 libantlr4-runtime-dev uuid-dev nlohmann-json3-dev \
  llvm-19-dev llvm-19-tools libzstd-dev googletest libgtest-dev libgmock-dev \
  libbenchmark-dev libjemalloc-dev cmake ninja-build ccache python3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build test demo bench clean format

all: build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(BUILD_DIR)/build.ninja: CMakeLists.txt | deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DARMOR_CORPUS_DIR=$(CORPUS) >/dev/null

build: deps $(BUILD_DIR)/build.ninja
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

demo: build
	@echo '$$ armor check examples/hub-spoke'
	-@$(BUILD_DIR)/bin/armor check examples/hub-spoke

bench: deps
	@cmake -S . -B $(BENCH_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DARMOR_BUILD_BENCH=ON -DARMOR_BUILD_TESTS=OFF -DARMOR_CORPUS_DIR=$(CORPUS) >/dev/null
	@cmake --build $(BENCH_BUILD_DIR) -j $(JOBS)
	@python3 bench/corpus_bench.py --armor $(BENCH_BUILD_DIR)/bin/armor \
	  --bench-dir $(BENCH_BUILD_DIR)/bin --corpus $(CORPUS)

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) $(BENCH_BUILD_DIR)
