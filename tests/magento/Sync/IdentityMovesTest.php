<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Sync;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * A category URL key one category gives up and another takes, through Magento's own services and
 * Magento's cron alone, while ACO answers deletes slowly: the category holding the key now is in ACO,
 * beside the one that left it (the standalone scenarios: tests/php/Reliability/MovingIdentitiesTest).
 * The categories are removed again at the end, so later test classes find the store as they expect.
 */
final class IdentityMovesTest extends TestCase
{
    private static EmulatorProcess $emulator;

    public static function setUpBeforeClass(): void
    {
        self::$emulator = Magento::connectedStore();
    }

    public static function tearDownAfterClass(): void
    {
        self::$emulator->stop();
    }

    public function test_a_category_taking_the_url_key_another_gave_up_is_in_aco(): void
    {
        Magento::fixture('createCategory', ['name' => 'Aco Outlet', 'parent' => 'Default Category', 'url_key' => 'aco-outlet']);
        Magento::assertCronConverged('a new category');
        self::assertSame(['aco-outlet'], self::slugs());

        Magento::fixture('editCategory', ['category' => 'Aco Outlet', 'values' => ['url_key' => 'aco-outlet-2024']]);
        Magento::fixture('createCategory', ['name' => 'Aco Outlet New', 'parent' => 'Default Category', 'url_key' => 'aco-outlet']);
        // the old key's delete answered late, as a slow or retried one is
        self::$emulator->call('PUT', '/_emulator/faults', ['deleteLatencyMs' => 600]);
        Magento::assertCronConverged('a URL key given up and taken');
        self::$emulator->call('PUT', '/_emulator/faults', []);
        self::assertSame(['aco-outlet', 'aco-outlet-2024'], self::slugs(), 'both categories are in ACO');
        $names = array_column(array_filter(self::$emulator->call('GET', '/_emulator/items/categories?limit=100000')['items'] ?? [],
            static fn (array $c): bool => $c['slug'] === 'aco-outlet' && $c['source']['locale'] === 'default'), 'name');
        self::assertSame(['Aco Outlet New'], $names, 'the key is the new category\'s');

        Magento::fixture('deleteCategory', ['category' => 'Aco Outlet']);
        Magento::fixture('deleteCategory', ['category' => 'Aco Outlet New']);
        Magento::assertCronConverged('the categories removed');
        self::assertSame([], self::slugs());
    }

    /** @return list<string> the slugs of the store view "default" in ACO starting "aco-outlet", sorted */
    private static function slugs(): array
    {
        $slugs = [];
        foreach (self::$emulator->call('GET', '/_emulator/items/categories?limit=100000')['items'] ?? [] as $category) {
            if (($category['source']['locale'] ?? null) === 'default' && str_starts_with((string) $category['slug'], 'aco-outlet')) {
                $slugs[] = (string) $category['slug'];
            }
        }
        sort($slugs);
        return $slugs;
    }
}
