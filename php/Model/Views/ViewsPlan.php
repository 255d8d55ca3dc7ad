<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Views;

/**
 * The ACO catalog views and policies that mirror Magento's website / store / store view hierarchy
 * (pure: from StoreReader::read()). One view per exported, active store view: its catalog source,
 * its website's base price book (the default) and customer-group books, a policy keeping the
 * website's products (`magento-website-codes`) and, for a website with several stores, a policy
 * keeping the store's (`magento-store-codes`). A catalog variation is a view × a price book it
 * serves (ACO's licence unit).
 */
final class ViewsPlan
{
    public const WEBSITES_ATTRIBUTE = 'magento-website-codes';
    public const STORES_ATTRIBUTE = 'magento-store-codes';
    /** ACO's base allocation of catalog variations (licence; packs of 100 more). */
    public const BASE_ALLOWANCE = 100;

    /**
     * @param array{websites: list<array{id: int, code: string, name: string, enabled: bool}>,
     *   stores: list<array{id: int, code: string, name: string, websiteId: int, active: bool, enabled: bool, groupCode: string}>,
     *   groups: list<array{id: int, code: string}>} $store StoreReader::read()
     * @return array{views: list<array{name: string, storeView: string, website: string, store: string, source: string,
     *   priceBooks: list<string>, defaultPriceBook: string, policies: list<string>}>,
     *   policies: array<string, array{name: string, attribute: string, values: list<string>}>,
     *   skipped: list<array{storeView: string, reason: string}>, variations: int}
     */
    public static function build(array $store): array
    {
        $websites = array_column($store['websites'], null, 'id');
        $storesOf = [];
        foreach ($store['stores'] as $view) {
            $storesOf[$view['websiteId']][$view['groupCode']] = true;
        }
        $plan = ['views' => [], 'policies' => [], 'skipped' => [], 'variations' => 0];
        foreach ($store['stores'] as $view) {
            $website = $websites[$view['websiteId']] ?? null;
            $reason = match (true) {
                !$view['enabled'] => 'its ACO exporter is off',
                !$view['active'] => 'it is disabled in Magento',
                $website === null => "its website {$view['websiteId']} does not exist",
                !$website['enabled'] => "website {$website['code']}'s ACO exporter is off, so it has no price books",
                default => null,
            };
            if ($reason !== null) {
                $plan['skipped'][] = ['storeView' => $view['code'], 'reason' => $reason];
                continue;
            }
            $policies = [self::policy($plan, self::WEBSITES_ATTRIBUTE, 'website', $website['code'])];
            if (count($storesOf[$view['websiteId']]) > 1) {
                $policies[] = self::policy($plan, self::STORES_ATTRIBUTE, 'store', $view['groupCode']);
            }
            $books = [$website['code'], ...array_map(static fn (array $g): string => self::groupBook($website['code'], $g['id']), $store['groups'])];
            $plan['views'][] = ['name' => "{$website['name']} / {$view['name']} ({$view['code']})", 'storeView' => $view['code'],
                'website' => $website['code'], 'store' => $view['groupCode'], 'source' => $view['code'], 'priceBooks' => $books,
                'defaultPriceBook' => $website['code'], 'policies' => $policies];
            $plan['variations'] += count($books);
        }
        return $plan;
    }

    /** A customer group's price book in a website, as the price mapping sends it (within ACO's 64 characters). */
    public static function groupBook(string $websiteCode, int $groupId): string
    {
        return \Aco\Native\groupPriceBookId($websiteCode, $groupId);
    }

    /** Adds the policy keeping products whose $attribute holds $code (once), and returns its name. */
    private static function policy(array &$plan, string $attribute, string $kind, string $code): string
    {
        $name = "Magento $kind $code";
        $plan['policies'][$name] ??= ['name' => $name, 'attribute' => $attribute, 'values' => [$code]];
        return $name;
    }
}
