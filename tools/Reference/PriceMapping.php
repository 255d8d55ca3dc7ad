<?php
/**
 * The price mapping written in plain PHP, rule for rule the same as the extension's
 * (src/mapping/price.rs): same PriceReader chunk in, same feed ids and byte-identical JSON out.
 * It exists to measure what the extension saves (benches/mapping.php) and is checked against it by
 * tests/php/Database/ReferenceMappingTest.php; the connector itself never uses it.
 */
declare(strict_types=1);

namespace Aco\Connector\Tools\Reference;

final class PriceMapping
{
    /** serde_json's output: slashes, Unicode and U+2028/9 as they are. */
    public const JSON_FLAGS = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_LINE_TERMINATORS | JSON_THROW_ON_ERROR;

    /** @var list<array{id: int, code: string, rate: ?string}> exported websites (rate: see Context's Website) */
    private array $websites = [];
    /** @var array<int, int> website id => its first store view id */
    private array $firstStore = [];
    /** @var list<int> */
    private array $groups = [];
    private bool $websiteScope;

    /**
     * @param array<string, list<list<mixed>>> $context as for Aco\Native\Catalog
     * @param array{price_scope: int} $settings
     */
    public function __construct(array $context, array $settings)
    {
        foreach ($context['websites'] as $w) {
            if ((bool) ($w[4] ?? false)) {
                $rate = $w[5] ?? null;
                $this->websites[] = ['id' => (int) $w[0], 'code' => (string) $w[1],
                    'rate' => $rate !== null && preg_match('/^\d{1,12}(\.\d{1,12})?$/', trim((string) $rate)) && (float) $rate > 0 ? trim((string) $rate) : null];
            }
        }
        foreach ($context['stores'] as $s) {
            $website = (int) $s[3];
            $this->firstStore[$website] = min($this->firstStore[$website] ?? PHP_INT_MAX, (int) $s[0]);
        }
        $this->groups = array_map(static fn (array $g): int => (int) $g[0], $context['groups']);
        $this->websiteScope = (int) $settings['price_scope'] === 1;
    }

    /**
     * @param array<string, list<list<mixed>>> $chunk entities, values, websites, tiers, rules, dates
     * @return list<array{feedId: string, hash: ?string, payload: ?string, error: ?string}> error is the field
     */
    public function map(array $chunk): array
    {
        $values = [];
        foreach ($chunk['values'] ?? [] as [$entity, $code, $store, $value]) {
            if ($value !== null && $code !== null) {
                $values[(int) $entity][$code][(int) $store] = (string) $value;
            }
        }
        $websites = [];
        foreach ($chunk['websites'] ?? [] as [$entity, $website]) {
            $websites[(int) $entity][(int) $website] = true;
        }
        $tiers = [];
        foreach ($chunk['tiers'] ?? [] as $row) {
            $tiers[(int) $row[0]][] = $row;
        }
        $rules = [];
        foreach ($chunk['rules'] ?? [] as [$product, $website, $group, $price]) {
            if ($price !== null) {
                $rules[(int) $product][(int) $website][(int) $group] = (string) $price;
            }
        }
        // each website's local date: a chunk without an exported website's is refused
        $dates = array_column($chunk['dates'] ?? [], 1, 0);
        foreach ($this->websites as $website) {
            if (!isset($dates[$website['id']])) {
                throw new \InvalidArgumentException("dates: no local date for website \"{$website['code']}\"");
            }
        }
        $out = [];
        foreach ($chunk['entities'] as $entity) {
            $id = (int) $entity[0];
            $sku = $entity[3] ?? null;
            if ($sku === null) {
                $out[] = ['feedId' => sha1((string) $id), 'hash' => null, 'payload' => null, 'error' => 'sku'];
                continue;
            }
            $sku = (string) $sku;
            $exported = array_filter($this->websites, static fn (array $website): bool => isset($websites[$id][$website['id']]));
            if (($entity[4] ?? null) !== null && $exported !== []) {
                // a lower entity id has this SKU: one error under the entity id
                $out[] = ['feedId' => sha1((string) $id), 'hash' => null, 'payload' => null, 'error' => 'sku'];
                continue;
            }
            foreach ($exported as $website) {
                $facts = $this->facts($values[$id] ?? [], $website['id'], (string) $dates[$website['id']]);
                $books = [[$website['code'], null]];
                foreach ($this->groups as $group) {
                    // Adobe's id, cut to ACO's 64 characters for long website codes
                    $books[] = [substr($website['code'] . '::' . sha1((string) $group), 0, 64), $group];
                }
                $parent = null;
                foreach ($books as [$book, $group]) {
                    $rule = $group === null ? null : ($rules[$id][$website['id']][$group] ?? null);
                    $feedId = sha1($sku . "\x1f" . $book);
                    try {
                        $price = $this->price($sku, $book, $facts, $tiers[$id] ?? [], $website, $group, $rule);
                        if ($group === null) {
                            $parent = $price;
                        } elseif ($parent !== null && self::paysTheSame($price, $parent)) {
                            continue;   // ACO's lookup falls back to the base book
                        }
                        $body = $this->encode($price);
                        $out[] = ['feedId' => $feedId, 'hash' => sha1($body), 'payload' => $body, 'error' => null];
                    } catch (ItemError $e) {
                        $out[] = ['feedId' => $feedId, 'hash' => null, 'payload' => null, 'error' => $e->field];
                    }
                }
            }
        }
        return $out;
    }

    /** @return array{regular: ?string, special: ?string, specialActive: bool} */
    private function facts(array $values, int $websiteId, string $today): array
    {
        $store = $this->firstStore[$websiteId] ?? null;
        $get = function (string $code) use ($values, $store): ?string {
            $scoped = $this->websiteScope && $store !== null ? ($values[$code][$store] ?? null) : null;
            return $scoped ?? $values[$code][0] ?? null;
        };
        $from = $get('special_from_date');
        $to = $get('special_to_date');
        return [
            'regular' => $get('price'),
            'special' => $get('special_price'),
            'specialActive' => ($from === null || substr($from, 0, 10) <= $today) && ($to === null || substr($to, 0, 10) >= $today),
        ];
    }

    /** @param array{id: int, code: string, rate: ?string} $website */
    private function price(string $sku, string $book, array $facts, array $tiers, array $website, ?int $group, ?string $rule): array
    {
        if ($facts['regular'] === null) {
            throw new ItemError('regular');
        }
        $regular = Micros::amount('regular', $facts['regular']);
        $discounts = [];
        $free = false;
        if ($facts['special'] !== null && $facts['specialActive']) {
            $free = $this->amountOff($discounts, 'special_price', $regular, Micros::amount('discounts.special_price', $facts['special'])) || $free;
        }
        if ($rule !== null) {
            $free = $this->amountOff($discounts, 'catalog_rule', $regular, Micros::amount('discounts.catalog_rule', $rule)) || $free;
        }
        $byQty = [];
        foreach ($tiers as $row) {
            $allGroups = (int) ($row[1] ?? 0) !== 0;
            $tierWebsite = (int) ($row[5] ?? 0);
            if ($tierWebsite !== 0 && $tierWebsite !== $website['id'] || !($allGroups || (int) ($row[2] ?? 0) === $group)) {
                continue;
            }
            $qty = Micros::amount('tierPrices.qty', $row[3] ?? null);
            $percentage = isset($row[6]) ? Micros::percentage((string) $row[6]) : null;
            $value = Micros::amount('tierPrices.price', $row[4] ?? null);
            if ($tierWebsite === 0 && !isset($row[6])) {
                // stored in the default base currency
                $value = Micros::convert('tierPrices.price', $value, $website['rate'] ?? throw new ItemError('tierPrices.price'));
            }
            if ($qty <= Micros::ONE) {
                $code = $allGroups ? 'tier_price' : 'group_price';
                if (!isset($row[6])) {
                    $free = $this->amountOff($discounts, $code, $regular, $value) || $free;
                } elseif ($percentage > Micros::MAX_PERCENTAGE) {
                    $free = true;
                } elseif ($percentage !== null) {
                    $discounts[] = ['code' => $code, 'percentage' => $percentage];
                }
                continue;
            }
            if (isset($row[6])) {
                if ($percentage === null || $percentage > Micros::MAX_PERCENTAGE) {
                    continue;   // nothing off, or 100 %: left out
                }
                $tier = ['qty' => $qty, 'percentage' => $percentage];
            } elseif ($value > 0 && $value <= $regular) {
                $tier = ['qty' => $qty, 'price' => $value];
            } else {
                continue;   // above regular, or free: left out
            }
            // a group's own tier over an all-groups one, then a website's own over one for all websites
            $rank = [!$allGroups, $tierWebsite !== 0];
            if (!isset($byQty[$qty]) || $byQty[$qty][0] <= $rank) {
                $byQty[$qty] = [$rank, $tier];
            }
        }
        if ($free) {
            // a final price of 0: the regular price of 0 in this book
            return ['sku' => $sku, 'priceBookId' => $book, 'regular' => 0];
        }
        // stable sort by code, then keep the first of each code
        usort($discounts, static fn (array $a, array $b): int => strcmp($a['code'], $b['code']));
        $unique = [];
        foreach ($discounts as $d) {
            $unique[$d['code']] ??= $d;
        }
        ksort($byQty);
        $price = ['sku' => $sku, 'priceBookId' => $book, 'regular' => $regular];
        if ($unique !== []) {
            $price['discounts'] = array_values($unique);
        }
        if ($byQty !== []) {
            $price['tierPrices'] = array_column($byQty, 1);
        }
        return $price;
    }

    /**
     * The extension's src/mapping/fallback.rs: the same regular, final and unit price at every tier's
     * qty. Micros × 10⁸ so percentages stay whole: exact while regular stays below 92,233 (beyond it
     * PHP's integers turn to floats; the sample catalog's do not).
     */
    private static function paysTheSame(array $child, array $parent): bool
    {
        $final = static function (array $p): int {
            $off = array_map(static fn (array $d): int => isset($d['price']) ? $d['price'] * 100_000_000 : $p['regular'] * $d['percentage'], $p['discounts'] ?? []);
            return max(0, $p['regular'] * 100_000_000 - max([0, ...$off]));
        };
        $atQty = static function (array $p, int $final, int $qty): int {
            foreach ($p['tierPrices'] ?? [] as $t) {
                if ($t['qty'] <= $qty) {
                    $final = min($final, isset($t['price']) ? $t['price'] * 100_000_000 : $p['regular'] * (100_000_000 - $t['percentage']));
                }
            }
            return $final;
        };
        $f = $final($child);
        if ($child['regular'] !== $parent['regular'] || $f !== $final($parent)) {
            return false;
        }
        foreach ([...$child['tierPrices'] ?? [], ...$parent['tierPrices'] ?? []] as $t) {
            if ($atQty($child, $f, $t['qty']) !== $atQty($parent, $f, $t['qty'])) {
                return false;
            }
        }
        return true;
    }

    /** Adds the amount off taking the price to $target; true when $target is 0 (a final price of 0). */
    private function amountOff(array &$discounts, string $code, int $regular, int $target): bool
    {
        if ($target >= $regular) {
            return false;
        }
        if ($target > 0) {
            $discounts[] = ['code' => $code, 'price' => $regular - $target];
        }
        return $target === 0;
    }

    /** Amounts are micros until here; JSON gets the shortest exact decimal, as the extension writes it. */
    private function encode(array $price): string
    {
        $price['regular'] = Micros::json($price['regular']);
        foreach (['discounts' => ['price', 'percentage'], 'tierPrices' => ['qty', 'price', 'percentage']] as $list => $fields) {
            foreach ($price[$list] ?? [] as $i => $entry) {
                foreach ($fields as $field) {
                    if (isset($entry[$field])) {
                        $price[$list][$i][$field] = Micros::json($entry[$field]);
                    }
                }
            }
        }
        return json_encode($price, self::JSON_FLAGS);
    }
}
