<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Explain;

use Aco\Connector\Model\Feed\FailureText;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Services;
use Aco\Connector\Model\Views\ViewsPlan;

/**
 * Why a SKU is, or is not, in ACO as the store shows it (aco:explain, and the admin's item grid):
 * per store view (its products item) and per website (its price books' prices items) what Magento
 * has (enabled, visible, in the website, exporter switches), the feed items (Verdict::describe), what
 * ACO's Merchandising API serves against the store (StorefrontCheck, as aco:verify reads it) and one
 * verdict with what to do. Read-only.
 */
final class SkuExplain
{
    private const VISIBLE = [[], ['CATALOG'], ['SEARCH'], ['CATALOG', 'SEARCH']];
    private const VISIBLE_TEXT = ['not visible individually', 'visible in catalog', 'visible in search', 'visible in catalog and search'];

    private Services $services;

    public function __construct(Services $services)
    {
        $this->services = $services;
    }

    /**
     * @param string|null $storeView only this store view (its code) and its website
     * @return array{product: ?string, scopes: list<array{title: string, facts: list<string>, verdict: string, todo: bool}>}
     *   product: the SKU's line, null when no product has it
     * @throws \InvalidArgumentException an unknown store view code
     */
    public function explain(string $sku, ?string $storeView = null): array
    {
        $stores = $this->services->stores();
        $views = array_column($stores['stores'], null, 'code');
        if ($storeView !== null && !isset($views[$storeView])) {
            throw new \InvalidArgumentException("$storeView is not a store view (" . implode(', ', array_keys($views)) . ')');
        }
        $facts = ProductFacts::read($this->services, $sku);
        if ($facts->products === []) {
            return ['product' => null, 'scopes' => []];
        }
        $websites = array_column($stores['websites'], null, 'id');
        $product = sprintf('%s: product %s, in website%s %s', $sku, implode(', ', array_map(static fn (array $p): string => "{$p['id']} ({$p['type']})", $facts->products)),
            count($facts->websites) === 1 ? '' : 's', implode(', ', array_map(static fn (int $id): string => $websites[$id]['code'] ?? "#$id", $facts->websites)) ?: 'none');
        $verdict = new Verdict(new FailureText($stores));
        $served = new Served($this->services, $stores, array_column($facts->products, 'id'));
        $scopes = [];
        foreach ($storeView === null ? $stores['stores'] : [$views[$storeView]] as $view) {
            $scopes[] = $this->storeView($facts, $verdict, $served, $view, $websites[$view['websiteId']]);
        }
        foreach ($websites as $id => $website) {
            if ($storeView === null || $id === $views[$storeView]['websiteId']) {
                $scopes[] = $this->website($facts, $verdict, $website, $stores['groups']);
            }
        }
        return ['product' => $product, 'scopes' => $scopes];
    }

    private function storeView(ProductFacts $facts, Verdict $verdict, Served $served, array $view, array $website): array
    {
        $feed = Feed::named(Feed::PRODUCTS);
        $now = $facts->mapped[Feed::PRODUCTS][$view['code']] ?? null;
        $row = $facts->items[Feed::PRODUCTS][$view['code']] ?? null;
        $inWebsite = in_array($website['id'], $facts->websites, true);
        $payload = $now['payload'] ?? null;
        $shown = $payload === null ? 'as mapped: none' : ($payload['status'] === 'ENABLED' ? 'enabled' : 'disabled') . ', '
            . (self::VISIBLE_TEXT[array_search($payload['visibleIn'] ?? [], self::VISIBLE, true)] ?? 'visible in ' . implode(', ', $payload['visibleIn']));
        $factLines = [sprintf('in Magento: %s, %s website %s; exporter %s for store view %s, %s for website %s', $shown, $inWebsite ? 'in' : 'not in',
            $website['code'], $view['enabled'] ? 'on' : 'off', $view['code'], $website['enabled'] ? 'on' : 'off', $website['code']),
            Verdict::describe('products item', $now, $row)];
        $held = $row !== null && (int) $row['is_deleted'] === 0 && $row['feed_hash'] !== null;
        $entity = $facts->products[0]['id'];
        [$todo, $text] = match (true) {
            !$view['enabled'] => $held ? [true, "exporter off for store view {$view['code']}: ACO still holds it there until the next sync deletes it: run aco:sync"]
                : [false, "exporter off for store view {$view['code']}: nothing of it goes to ACO there (switch its ACO exporter on in Stores > All Stores to export it)"],
            !$inWebsite => $held ? [true, "not in website {$website['code']}: ACO still holds it in store view {$view['code']} until the next sync deletes it: run aco:sync"]
                : [false, "not in website {$website['code']}, so not in store view {$view['code']} (assign it in Product in Websites to export it there)"],
            $now === null => [true, "the mapping gives no item for store view {$view['code']} (another product holds the SKU?): run aco:sync --dry-run --feed=products --by-ids=$entity"],
            default => [false, null],
        };
        $problem = $text === null ? $verdict->item($feed, $entity, $now, $row, $facts->waiting[Feed::PRODUCTS], $facts->fullSync[Feed::PRODUCTS]) : null;
        $check = $text === null ? $served->check($view['code']) : null;
        if ($check !== null) {
            $factLines[] = $check['line'];
        }
        if ($problem !== null) {
            [$todo, $text] = [true, $problem];
        } elseif ($check !== null && $check['drift'] !== []) {
            [$todo, $text] = [true, "ACO serves it otherwise than the store ({$check['drift'][0]}): run aco:resync --feed=products --by-ids=$entity, then aco:sync"];
        } elseif ($text === null) {
            $text = match (true) {
                $payload['status'] !== 'ENABLED' => "disabled in store view {$view['code']}: not for sale there, and ACO does not serve it (enable it in store view {$view['code']} to sell it there)",
                $check === null || $check['unchecked'] => 'consistent: ACO holds it as mapped now' . ($check === null ? '' : " ({$check['line']})"),
                default => 'consistent: ACO holds it and serves it as the store shows it',
            };
        }
        return ['title' => "store view {$view['code']} (website {$website['code']})", 'facts' => $factLines, 'verdict' => $text, 'todo' => $todo];
    }

    /** @param list<array{id: int, code: string}> $groups */
    private function website(ProductFacts $facts, Verdict $verdict, array $website, array $groups): array
    {
        $feed = Feed::named(Feed::PRICES);
        $books = [$website['code'], ...array_map(static fn (array $g): string => ViewsPlan::groupBook($website['code'], $g['id']), $groups)];
        $lines = [];
        $problem = null;
        $held = false;
        foreach ($books as $book) {
            $now = $facts->mapped[Feed::PRICES][$book] ?? null;
            $row = $facts->items[Feed::PRICES][$book] ?? null;
            if ($now === null && $row === null) {
                continue;
            }
            $lines[] = Verdict::describe("prices item $book", $now, $row);
            $held = $held || ($row !== null && (int) $row['is_deleted'] === 0 && $row['feed_hash'] !== null);
            if ($now !== null) {
                $problem ??= $verdict->item($feed, $facts->products[0]['id'], $now, $row, $facts->waiting[Feed::PRICES], $facts->fullSync[Feed::PRICES]);
            }
        }
        // books with a record mapped now; a group's book without one falls back to the base book
        $own = count(array_intersect_key($facts->mapped[Feed::PRICES], array_flip($books)));
        $inWebsite = in_array($website['id'], $facts->websites, true);
        [$todo, $text] = match (true) {
            !$website['enabled'] => $held ? [true, "exporter off for website {$website['code']}: ACO still holds its prices until the next sync deletes them: run aco:sync"]
                : [false, "exporter off for website {$website['code']}: its prices are not sent (switch its ACO exporter on in Stores > All Stores)"],
            !$inWebsite => $held ? [true, "not in website {$website['code']}: ACO still holds its prices there until the next sync deletes them: run aco:sync"]
                : [false, "not in website {$website['code']}: no prices there"],
            $problem !== null => [true, $problem],
            $own === 0 => [false, "no prices of its own in website {$website['code']} (a {$facts->products[0]['type']} product is priced by its parts)"],
            default => [false, sprintf('consistent: ACO holds its prices in %d price books as mapped now', $own) . (count($books) > $own
                ? sprintf("; %d customer groups' books fall back to book %s (the group pays the same)", count($books) - $own, $website['code']) : '')],
        };
        array_unshift($lines, sprintf('in Magento: %s website %s; exporter %s', $inWebsite ? 'in' : 'not in', $website['code'], $website['enabled'] ? 'on' : 'off'));
        return ['title' => "website {$website['code']}", 'facts' => $lines, 'verdict' => $text, 'todo' => $todo];
    }
}
