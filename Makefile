# The two commands a newcomer needs: `make demo` and `make test`. Each installs what is missing first.
SO      := $(CURDIR)/target/release/libaco_connector.so
PHP_EXT := php -d extension=$(SO)
export ACO_EXTENSION_SO := $(SO)

.PHONY: deps build test test-rust test-php test-magento test-matrix test-install dist lint demo bench bench-emulator bench-transport bench-limits bench-mapping bench-pipeline bench-eav bench-sync bench-latency bench-wipe bench-fallback soak clean

deps:
	@scripts/install-deps.sh

## build: the release extension (target/release/libaco_connector.so) and Composer's autoloader
build: deps
	@scripts/check-toolchain.sh
	cargo build --release --workspace --features aco-connector/php
	composer dump-autoload --dev --quiet

## test: build, then every test CI runs: Rust, lint, and test-matrix's lanes (the PHP suite with the extension on
## PHP 8.2 and 8.4; the real-Magento suite in Magento 2.4.7-p7 on PHP 8.2 and 2.4.8 on PHP 8.4), two at a time
test: build test-rust lint test-matrix

test-rust:
	cargo test --workspace

lint:
	cargo clippy --workspace --all-targets --features php -- -D warnings
	@find php stubs tests/php -name '*.php' -print0 | xargs -0 -n1 -P2 php -l >/dev/null

test-php:
	scripts/mariadb.sh run $(PHP_EXT) /usr/bin/phpunit

## test-magento: the module inside a real Magento (MAGENTO_DIST = a package archive or dir, or MAGENTO_ROOT =
## an installed throw-away Magento); skipped, with one line saying so, when neither is set
test-magento: build
ifdef MAGENTO_ROOT
	scripts/magento-test.sh
else
	scripts/mariadb.sh run scripts/magento-test.sh
endif

## dist: prebuilt extensions for PHP 8.2 (host) and 8.4 (scripts/php84.sh's root) in dist/, with SHA256SUMS
dist: build
	scripts/dist.sh

## test-install: from a clean clone, the phpize path into PHP 8.4 and make dist's binaries loaded in their PHP
test-install: build
	scripts/test-install.sh

## test-matrix: the lanes of scripts/test-matrix.sh (LANES= to pick some, MATRIX_JOBS= lanes at a time, default 2);
## prints which Magento and PHP each ran
test-matrix: build
	scripts/test-matrix.sh $(LANES)

## demo: build, then show the loaded extension
demo: build
	@scripts/demo.sh

## bench: every benchmark; figures go to docs/benchmarks.md by hand, with machine, date and commit
bench: build bench-emulator bench-transport bench-limits bench-mapping bench-pipeline bench-eav bench-sync bench-latency bench-wipe bench-fallback

bench-sync: build
	ACO_DB_BUFFER_POOL=1G scripts/mariadb.sh run $(PHP_EXT) benches/full-sync.php --products 10000,100000

## bench-fallback: price rows sent against the full matrix (customer-group books fall back to the base book), 0 drift
bench-fallback: build
	ACO_DB_BUFFER_POOL=1G scripts/mariadb.sh run $(PHP_EXT) benches/price-fallback.php --products 10000 --verify all
	ACO_DB_BUFFER_POOL=1G scripts/mariadb.sh run $(PHP_EXT) benches/price-fallback.php --products 2039 --no-group-prices

bench-latency: build
	scripts/mariadb.sh run $(PHP_EXT) benches/latency.php

bench-mapping: build
	ACO_DB_BUFFER_POOL=1G scripts/mariadb.sh run $(PHP_EXT) benches/mapping.php --products 10000
	ACO_DB_BUFFER_POOL=1G scripts/mariadb.sh run $(PHP_EXT) benches/mapping.php --products 100000

bench-pipeline: build
	ACO_DB_BUFFER_POOL=1G scripts/mariadb.sh run $(PHP_EXT) benches/php-pipeline.php --products 10000

bench-eav: build
	scripts/mariadb.sh run $(PHP_EXT) benches/eav-assembly.php --products 10000

bench-limits: build
	scripts/mariadb.sh run $(PHP_EXT) benches/limits.php --minutes 3
	ACO_DB_BUFFER_POOL=1G scripts/mariadb.sh run $(PHP_EXT) benches/limits-sync.php --products 60000

bench-transport: build
	$(PHP_EXT) benches/transport.php --products 20000

## bench-wipe: what wiping the transport's freed memory (src/wipe.rs) costs an upload, against the system allocator
bench-wipe:
	cargo bench --bench wipe -- 20000

## bench-emulator: products/s the emulator ingests on loopback (emulator/README.md)
bench-emulator:
	cargo run --release -q -p aco-emulator --example ingest_bench -- --products 100000

## soak: 10 minutes of continuous catalog changes under random faults, kill -9 during deletes and a new destination mid-sync, then an exact comparison
soak: build
	scripts/mariadb.sh run $(PHP_EXT) scripts/soak.php --seconds $${SOAK_SECONDS:-600}

clean:
	cargo clean
	rm -rf vendor var
