<?php
// Loads stubs/aco.stub.php in a PHP process WITHOUT the extension and prints the API it declares, as
// JSON, in the shape of ApiDescriber. Usage: php -n describe-stubs.php STUB_FILE NAMESPACE_PREFIX
declare(strict_types=1);

require __DIR__ . '/ApiDescriber.php';

[, $stubFile, $prefix] = $argv;
if (extension_loaded('aco')) {
    fwrite(STDERR, "describe-stubs must run without the aco extension\n");
    exit(2);
}
$before = ['functions' => get_defined_functions()['user'], 'classes' => get_declared_classes(),
    'interfaces' => get_declared_interfaces(), 'constants' => get_defined_constants(true)['user'] ?? []];
require $stubFile;

$inPrefix = static fn (string $name): bool => stripos($name, $prefix) === 0;
$functions = array_values(array_filter(
    array_diff(get_defined_functions()['user'], $before['functions']),
    $inPrefix
));
$classes = array_values(array_filter(array_merge(
    array_diff(get_declared_classes(), $before['classes']),
    array_diff(get_declared_interfaces(), $before['interfaces'])
), $inPrefix));
$constants = array_filter(
    array_diff_key(get_defined_constants(true)['user'] ?? [], $before['constants']),
    $inPrefix,
    ARRAY_FILTER_USE_KEY
);
echo json_encode(\Aco\Connector\Test\Support\ApiDescriber::describe($functions, $classes, $constants), JSON_PRETTY_PRINT);
