<?php
declare(strict_types=1);

$root = dirname(__DIR__, 2);
if (!is_file($root . '/vendor/autoload.php')) {
    fwrite(STDERR, "tests: vendor/autoload.php missing: run `composer dump-autoload` (make test does)\n");
    exit(1);
}
require $root . '/vendor/autoload.php';

if (!extension_loaded('aco')) {
    fwrite(STDERR, "tests: the aco extension is not loaded: run through `make test` "
        . "(php -d extension=\$PWD/target/release/libaco_connector.so /usr/bin/phpunit)\n");
    exit(1);
}
