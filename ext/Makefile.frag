# cargo decides what to rebuild, so it runs on every make. ext-php-rs builds against the PHP it finds as
# `php` and `php-config` on PATH (PHP and PHP_CONFIG would override it): .aco-php/ links them to the PHP
# ./configure was given (--with-php-config), so a host with several PHPs builds for that one. Without
# PHP/PHP_CONFIG set, the build shares cargo's cache with a plain `cargo build --features php` for that PHP.
# CARGO_TARGET_DIR, when set, replaces target/php<version> (e.g. to reuse a tree already built).
ACO_TARGET_DIR = $(or $(CARGO_TARGET_DIR),$(ACO_CRATE_DIR)/target/php$(ACO_PHP_VERSION))

$(phplibdir)/aco.so: aco-cargo-build
	@$(mkinstalldirs) $(phplibdir)
	cp $(ACO_TARGET_DIR)/release/libaco_connector.so $@

aco-cargo-build:
	@rm -rf $(builddir)/.aco-php && mkdir $(builddir)/.aco-php
	@ln -s $(PHP_EXECUTABLE) $(builddir)/.aco-php/php && ln -s $(ACO_PHP_CONFIG) $(builddir)/.aco-php/php-config
	cd $(ACO_CRATE_DIR) && env -u PHP -u PHP_CONFIG PATH="$(builddir)/.aco-php:$$PATH" CARGO_TARGET_DIR=$(ACO_TARGET_DIR) \
		$(ACO_CARGO) build --release --locked -p aco-connector --features php

.PHONY: aco-cargo-build
