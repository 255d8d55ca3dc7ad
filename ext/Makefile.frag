# cargo decides what to rebuild, so it runs on every make. PHP and PHP_CONFIG tell ext-php-rs which PHP's
# headers to build against: the one ./configure was given (--with-php-config), not whichever php is on PATH.
# scripts/dist.sh builds with the same two, so the two share cargo's cache. CARGO_TARGET_DIR, when set,
# replaces target/php<version> (e.g. to reuse a tree already built).
ACO_TARGET_DIR = $(or $(CARGO_TARGET_DIR),$(ACO_CRATE_DIR)/target/php$(ACO_PHP_VERSION))

$(phplibdir)/aco.so: aco-cargo-build
	@$(mkinstalldirs) $(phplibdir)
	cp $(ACO_TARGET_DIR)/release/libaco_connector.so $@

aco-cargo-build:
	cd $(ACO_CRATE_DIR) && PHP=$(PHP_EXECUTABLE) PHP_CONFIG=$(ACO_PHP_CONFIG) CARGO_TARGET_DIR=$(ACO_TARGET_DIR) \
		$(ACO_CARGO) build --release --locked -p aco-connector --features php

.PHONY: aco-cargo-build
