<?php
/**
 * Catalog data written by Magento's own services, as a merchant's admin, import and API do: one action a
 * process, booted through Magento's Bootstrap in the adminhtml area. Prints its result as JSON.
 *
 *   php -d extension=…/libaco_connector.so tests/magento/Fixtures/magento.php ACTION '{"json": "args"}'
 *
 * Run from the Magento root (the suite does). Actions: the public methods of CatalogFixture (the
 * catalog), CatalogChangeFixture (categories, options and swatches, tiers, bundle options, stock) and
 * ScopeFixture (rules, store views, configuration, rates, customer groups).
 */
declare(strict_types=1);

use Aco\Connector\MagentoTest\Fixtures\CatalogChangeFixture;
use Aco\Connector\MagentoTest\Fixtures\CatalogFixture;
use Aco\Connector\MagentoTest\Fixtures\ScopeFixture;
use Magento\Framework\App\Bootstrap;
use Magento\Framework\App\State;

$root = getcwd();
require $root . '/app/bootstrap.php';
require_once __DIR__ . '/CatalogFixture.php';
require_once __DIR__ . '/CatalogChangeFixture.php';
require_once __DIR__ . '/ScopeFixture.php';

[, $action, $json] = $argv + [null, '', '{}'];
$bootstrap = Bootstrap::create(BP, $_SERVER);
$objects = $bootstrap->getObjectManager();
$objects->get(State::class)->setAreaCode('adminhtml');
$fixture = match (true) {
    method_exists(ScopeFixture::class, $action) => new ScopeFixture($objects),
    method_exists(CatalogChangeFixture::class, $action) => new CatalogChangeFixture($objects),
    default => new CatalogFixture($objects),
};
if (!method_exists($fixture, $action)) {
    fwrite(STDERR, "unknown fixture action: $action\n");
    exit(2);
}
echo json_encode($fixture->$action(json_decode($json, true, 512, JSON_THROW_ON_ERROR)), JSON_THROW_ON_ERROR), "\n";
