<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * A failed feed item as a merchant reads it (aco:status --failed, the admin items grid): the Magento
 * side (product, category or attribute, and its store view, website or customer group), who refused
 * it (ACO, or the connector before sending), the field once with what is wrong, and what to change.
 */
final class FailureText
{
    /** ACO field (its first segment) => what sets it in Magento. */
    private const SET_BY = [
        'name' => 'its Name', 'slug' => 'its URL Key (Search Engine Optimization)', 'sku' => 'its SKU',
        'description' => 'its Description', 'shortDescription' => 'its Short Description', 'metaTags' => 'its Meta Title, Keywords or Description',
        'visibleIn' => 'its Visibility', 'status' => 'its Enable Product', 'images' => 'its Images', 'routes' => 'its Categories',
        'attributes' => 'the attribute value named', 'links' => 'its related, variant or bundle products', 'configurations' => 'its configurations',
        'bundles' => 'its bundle options', 'regular' => 'its Price',
        'discounts' => 'its Special Price, customer group prices (Advanced Pricing) or the catalog price rules for it',
        'tierPrices' => 'its Tier Prices (Advanced Pricing)', 'percentage' => 'its Tier Prices (Advanced Pricing)',
        'currency' => "the website's Base Currency (Stores > Configuration > Currency Setup)", 'priceBookId' => "the website's code",
        'label' => "the attribute's Default Label", 'parent_id' => "the category's parent",
    ];

    /** @var array<string, string> price book id => its website (and customer group) */
    private array $books = [];

    /** @param array{websites: list<array{code: string}>, groups: list<array{id: int, code: string}>} $stores StoreReader::read() */
    public function __construct(array $stores)
    {
        foreach ($stores['websites'] as $w) {
            $this->books[$w['code']] = "website \"{$w['code']}\"";
            foreach ($stores['groups'] as $g) {
                $this->books[\Aco\Native\groupPriceBookId($w['code'], $g['id'])] = "website \"{$w['code']}\", customer group \"{$g['code']}\"";
            }
        }
    }

    /** @param array{item_key: string, scope: string, status: int|string, error_status: mixed, error_field: ?string, error_message: ?string} $row */
    public function line(Feed $feed, array $row): string
    {
        $field = (string) ($row['error_field'] ?? '');
        $status = (int) $row['status'];
        $who = $status === ItemStatus::INVALID ? 'refused before sending' : ($status === ItemStatus::REFUSED ? "refused by ACO (HTTP {$row['error_status']})"
            : ItemStatus::LABELS[$status] . ($row['error_status'] === null ? '' : " (HTTP {$row['error_status']})"));
        $what = $field === '' ? (string) $row['error_message'] : "$field: {$row['error_message']}";
        $change = self::SET_BY[preg_split('/[.\[]/', $field)[0] ?? ''] ?? null;
        return "{$this->place($feed, $row)}: $who: $what" . ($change === null || $status === ItemStatus::RETRY || $status === ItemStatus::NEEDS_ATTENTION ? '' : "; in Magento, change $change");
    }

    private function place(Feed $feed, array $row): string
    {
        $key = $row['item_key'];
        $scope = $row['scope'] === '' ? '' : ($this->books[$row['scope']] ?? "store view \"{$row['scope']}\"");
        $what = match ($feed->name) {
            Feed::PRODUCTS, Feed::PRICES => "product \"$key\"",
            Feed::CATEGORIES => "category \"$key\"",
            Feed::PRODUCT_ATTRIBUTES => "attribute \"$key\"",
            default => "price book \"$key\"",
        };
        return $scope === '' ? $what : "$what, $scope";
    }
}
