<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Feed\FailureText;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\ItemStatus;
use PHPUnit\Framework\TestCase;

/**
 * A failed item as aco:status --failed and the admin grid say it: the Magento side (a price book as its
 * website and customer group), who refused it, the field once and what to change in Magento.
 */
final class FailureTextTest extends TestCase
{
    public function test_a_refused_price_names_its_website_group_field_and_what_to_change(): void
    {
        $text = new FailureText(['websites' => [['code' => 'base']], 'groups' => [['id' => 2, 'code' => 'Wholesale']]]);
        $row = ['item_key' => 'TEE', 'scope' => \Aco\Native\groupPriceBookId('base', 2), 'status' => ItemStatus::REFUSED, 'error_status' => 400,
            'error_field' => 'discounts[0].price', 'error_message' => 'the amount off must be less than `regular`'];
        self::assertSame('product "TEE", website "base", customer group "Wholesale": refused by ACO (HTTP 400): discounts[0].price: '
            . 'the amount off must be less than `regular`; in Magento, change its Special Price, customer group prices (Advanced Pricing) '
            . 'or the catalog price rules for it', $text->line(Feed::named(Feed::PRICES), $row));
        $category = ['item_key' => 'Men', 'scope' => 'default', 'status' => ItemStatus::INVALID, 'error_status' => null, 'error_field' => 'slug', 'error_message' => 'URL path "Men" is not a slug ACO takes'];
        self::assertSame('category "Men", store view "default": refused before sending: slug: URL path "Men" is not a slug ACO takes; in Magento, change its URL Key (Search Engine Optimization)',
            $text->line(Feed::named(Feed::CATEGORIES), $category));
        $retry = ['status' => ItemStatus::RETRY, 'error_status' => 503, 'error_field' => null, 'error_message' => 'unavailable'] + $category;
        self::assertSame('category "Men", store view "default": retry (HTTP 503): unavailable', $text->line(Feed::named(Feed::CATEGORIES), $retry), 'nothing to change in Magento');
    }
}
