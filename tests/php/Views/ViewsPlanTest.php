<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Views;

use Aco\Connector\Model\Views\ViewsPlan;
use PHPUnit\Framework\TestCase;

final class ViewsPlanTest extends TestCase
{
    /** StoreReader::read()'s shape: websites [code => name], store views [code, website code, store code], groups [id]. */
    private static function store(array $websites, array $views, array $groups = [0, 1]): array
    {
        $ids = array_flip(array_keys($websites));
        return [
            'websites' => array_map(static fn (string $code, string $name): array => ['id' => $ids[$code] + 1, 'code' => $code, 'name' => $name, 'enabled' => true],
                array_keys($websites), $websites),
            'stores' => array_map(static fn (array $v, int $i): array => ['id' => $i + 1, 'code' => $v[0], 'name' => ucfirst($v[0]), 'websiteId' => $ids[$v[1]] + 1,
                'active' => true, 'enabled' => true, 'groupCode' => $v[2]], $views, array_keys($views)),
            'groups' => array_map(static fn (int $id): array => ['id' => $id, 'code' => "group $id"], $groups),
        ];
    }

    public function test_one_website_one_store_one_store_view_is_one_view_with_a_website_policy(): void
    {
        $plan = ViewsPlan::build(self::store(['base' => 'Main Website'], [['default', 'base', 'main']]));
        self::assertSame([[
            'name' => 'Main Website / Default (default)', 'storeView' => 'default', 'website' => 'base', 'store' => 'main', 'source' => 'default',
            'priceBooks' => ['base', 'base::' . sha1('0'), 'base::' . sha1('1')], 'defaultPriceBook' => 'base', 'policies' => ['Magento website base'],
        ]], $plan['views']);
        self::assertSame(['Magento website base' => ['name' => 'Magento website base', 'attribute' => 'magento-website-codes', 'values' => ['base']]], $plan['policies']);
        self::assertSame(3, $plan['variations']);
        self::assertSame([], $plan['skipped']);
    }

    public function test_each_store_view_of_each_website_is_a_view_with_its_websites_books_and_policy(): void
    {
        $plan = ViewsPlan::build(self::store(['base' => 'Main', 'eu' => 'Europe', 'uk' => 'UK'],
            [['default', 'base', 'main'], ['de', 'eu', 'eu_store'], ['fr', 'eu', 'eu_store'], ['en_gb', 'uk', 'uk_store']], [0, 1, 2]));
        self::assertSame(['default', 'de', 'fr', 'en_gb'], array_column($plan['views'], 'storeView'));
        self::assertSame(['default', 'de', 'fr', 'en_gb'], array_column($plan['views'], 'source'));
        self::assertSame(['base', 'eu', 'eu', 'uk'], array_column($plan['views'], 'defaultPriceBook'));
        self::assertSame(['eu', 'eu::' . sha1('0'), 'eu::' . sha1('1'), 'eu::' . sha1('2')], $plan['views'][2]['priceBooks']);
        // one store per website: the website policy alone, shared by the website's views
        self::assertSame([['Magento website base'], ['Magento website eu'], ['Magento website eu'], ['Magento website uk']], array_column($plan['views'], 'policies'));
        self::assertSame(['Magento website base', 'Magento website eu', 'Magento website uk'], array_keys($plan['policies']));
        self::assertSame(16, $plan['variations'], '4 views × 4 books');
    }

    public function test_a_website_with_several_stores_adds_a_store_policy_to_its_views(): void
    {
        $plan = ViewsPlan::build(self::store(['base' => 'Main', 'eu' => 'Europe'],
            [['default', 'base', 'main'], ['de', 'eu', 'dach'], ['at', 'eu', 'dach'], ['nl', 'eu', 'benelux']]));
        self::assertSame([['Magento website base'], ['Magento website eu', 'Magento store dach'], ['Magento website eu', 'Magento store dach'],
            ['Magento website eu', 'Magento store benelux']], array_column($plan['views'], 'policies'));
        self::assertSame(['name' => 'Magento store benelux', 'attribute' => 'magento-store-codes', 'values' => ['benelux']], $plan['policies']['Magento store benelux']);
        self::assertCount(4, $plan['policies']);
    }

    public function test_store_views_that_are_not_exported_or_not_live_are_skipped_with_the_reason(): void
    {
        $store = self::store(['base' => 'Main', 'off' => 'Off'], [['default', 'base', 'main'], ['hidden', 'base', 'main'], ['closed', 'base', 'main'], ['x', 'off', 'off_store']]);
        $store['stores'][1]['enabled'] = false;
        $store['stores'][2]['active'] = false;
        $store['websites'][1]['enabled'] = false;
        $plan = ViewsPlan::build($store);
        self::assertSame(['default'], array_column($plan['views'], 'storeView'));
        self::assertSame([
            ['storeView' => 'hidden', 'reason' => 'its ACO exporter is off'],
            ['storeView' => 'closed', 'reason' => 'it is disabled in Magento'],
            ['storeView' => 'x', 'reason' => "website off's ACO exporter is off, so it has no price books"],
        ], $plan['skipped']);
        self::assertSame(['Magento website base'], array_keys($plan['policies']), 'no policy for a website without views');
    }

    public function test_the_group_books_are_the_ones_the_price_mapping_sends(): void
    {
        $context = ['websites' => [[1, 'base', 'Main', 'USD', true, '1']], 'stores' => [[1, 'default', 'Default', 1, 'en_US', true, true, 'main']],
            'groups' => [[0, 'NOT LOGGED IN'], [3, 'Retailer']], 'attributes' => [], 'labels' => [], 'options' => [], 'swatches' => [], 'categories' => [], 'categoryValues' => []];
        $settings = ['media_url' => 'https://x/media/catalog/product', 'category_media_url' => 'https://x/media/catalog/category', 'low_stock_threshold' => 0,
            'price_scope' => 1];
        $books = array_column((new \Aco\Native\Catalog($context, $settings))->priceBooks()->rows(), 'key');
        $plan = ViewsPlan::build(self::store(['base' => 'Main'], [['default', 'base', 'main']], [0, 3]));
        self::assertEqualsCanonicalizing($books, $plan['views'][0]['priceBooks']);
    }
}
