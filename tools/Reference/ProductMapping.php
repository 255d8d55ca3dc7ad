<?php
/**
 * The product mapping written in plain PHP, rule for rule the same as the extension's
 * (src/mapping/product.rs and the context it reads): same ProductReader chunk in, same feed ids
 * and byte-identical JSON out. For benches/mapping.php only; checked by ReferenceMappingTest.
 */
declare(strict_types=1);

namespace Aco\Connector\Tools\Reference;

final class ProductMapping
{
    private const NOT_ATTRIBUTES = ['name', 'sku', 'description', 'short_description', 'url_key', 'url_path', 'status', 'visibility',
        'meta_title', 'meta_keyword', 'meta_description', 'image', 'small_image', 'thumbnail', 'swatch_image', 'media_gallery', 'price',
        'special_price', 'special_from_date', 'special_to_date', 'tier_price', 'weight', 'quantity_and_stock_status', 'category_ids'];
    private const ROLES = ['image' => 'BASE', 'small_image' => 'SMALL', 'thumbnail' => 'THUMBNAIL', 'swatch_image' => 'SWATCH'];
    private const MAX_BYTES = 200 * 1024;

    /** @var list<array{id: int, code: string, website: int}> exported store views */
    private array $stores = [];
    /** @var array<int, string> website id => code */
    private array $websiteCodes = [];
    /** @var list<array{int, string}> every store view's [website id, store code] */
    private array $storeGroups = [];
    /** @var array<int, array{id: int, code: string, backend: string, input: string, label: string, swatch: bool, sourceOptions: bool}> by id, ascending */
    private array $attributes = [];
    /** @var array<string, int> */
    private array $byCode = [];
    /** @var array<int, array<int, string>> attribute id => store => label */
    private array $labels = [];
    /** @var array<int, array<string, array{sort: int, labels: array<int, string>}>> attribute id => option value => option */
    private array $options = [];
    /** @var array<int, array{int, string}> option id => (type, value), admin store */
    private array $swatches = [];
    /** @var array<int, array<string, array<int, string>>> category id => code => store => value */
    private array $categories = [];
    /** @var array<int, array{int, int}> category id => [parent id, level] */
    private array $tree = [];
    private string $media;
    private string $swatchMedia;
    private int $lowStock;

    /** Per chunk, indexed by entity. */
    private array $c = [];
    private int $store = 0;
    private int $id = 0;
    private string $sku = '';

    public function __construct(array $context, array $settings)
    {
        foreach ($context['websites'] as $w) {
            $this->websiteCodes[(int) $w[0]] = (string) $w[1];
        }
        foreach ($context['stores'] as $s) {
            $this->storeGroups[] = [(int) $s[3], (string) $s[7]];
            if ((bool) ($s[6] ?? false)) {
                $this->stores[] = ['id' => (int) $s[0], 'code' => (string) $s[1], 'website' => (int) $s[3]];
            }
        }
        foreach ($context['attributes'] as $r) {
            $swatch = json_decode((string) ($r[13] ?? ''), true)['swatch_input_type'] ?? null;
            $this->attributes[(int) $r[0]] = ['id' => (int) $r[0], 'code' => (string) $r[1], 'backend' => (string) ($r[2] ?? 'static'),
                'input' => (string) ($r[3] ?? 'text'), 'label' => trim((string) ($r[4] ?? '')) === '' ? (string) $r[1] : (string) $r[4],
                'swatch' => in_array($swatch, ['visual', 'text'], true), 'sourceOptions' => (int) ($r[16] ?? 0) !== 0];
            $this->byCode[(string) $r[1]] = (int) $r[0];
        }
        ksort($this->attributes);
        foreach ($context['labels'] as [$attribute, $store, $label]) {
            if ($label !== null && trim((string) $label) !== '') {
                $this->labels[(int) $attribute][(int) $store] = (string) $label;
            }
        }
        foreach ($context['options'] as $r) {
            $this->options[(int) $r[1]][(string) $r[0]] ??= ['sort' => (int) ($r[4] ?? 0), 'labels' => []];
            if ($r[3] !== null) {
                $this->options[(int) $r[1]][(string) $r[0]]['labels'][(int) $r[2]] = (string) $r[3];
            }
        }
        foreach ($context['swatches'] as $r) {
            if ((int) $r[1] === 0 && $r[3] !== null) {
                $this->swatches[(int) $r[0]] = [(int) $r[2], (string) $r[3]];
            }
        }
        foreach ($context['categories'] as $r) {
            $this->categories[(int) $r[0]] = [];
            $this->tree[(int) $r[0]] = [(int) $r[1], (int) $r[3]];
        }
        foreach ($context['categoryValues'] as [$id, $code, $store, $value]) {
            if (isset($this->categories[(int) $id]) && $value !== null) {
                $this->categories[(int) $id][$code][(int) $store] = (string) $value;
            }
        }
        $this->media = $settings['media_url'];
        $this->swatchMedia = $this->media;
        while (str_ends_with($this->swatchMedia, '/catalog/product')) {
            $this->swatchMedia = substr($this->swatchMedia, 0, -strlen('/catalog/product'));
        }
        $this->lowStock = (int) $settings['low_stock_threshold'];
    }

    /** @return list<array{feedId: string, hash: ?string, payload: ?string, error: ?string}> */
    public function map(array $t): array
    {
        $this->index($t);
        $out = [];
        foreach ($t['entities'] as $entity) {
            $id = (int) $entity[0];
            $sku = $entity[3] === null ? null : (string) $entity[3];
            $type = $entity[2] === null ? 'simple' : (string) $entity[2];
            $websites = $this->c['websites'][$id] ?? [];
            $stores = array_filter($this->stores, static fn (array $store): bool => in_array($store['website'], $websites, true));
            if ($sku !== null && ($entity[5] ?? null) !== null && $stores !== []) {
                // a lower entity id has this SKU: one error under the entity id
                $out[] = ['feedId' => sha1((string) $id), 'hash' => null, 'payload' => null, 'error' => 'sku'];
                continue;
            }
            foreach ($stores as $store) {
                $key = $sku ?? "entity $id";
                $item = ['feedId' => sha1($key . "\x1f" . $store['code']), 'hash' => null, 'payload' => null, 'error' => null];
                try {
                    if ($sku === null) {
                        throw new ItemError('sku');
                    }
                    [$this->store, $this->id, $this->sku] = [$store['id'], $id, $sku];
                    $body = json_encode($this->product($type, $store['code']), PriceMapping::JSON_FLAGS);
                    if (strlen($body) > self::MAX_BYTES) {
                        throw new ItemError('item');
                    }
                    $item['payload'] = $body;
                    $item['hash'] = sha1($body);
                } catch (ItemError $e) {
                    $item['error'] = $e->field;
                }
                $out[] = $item;
            }
        }
        return $out;
    }

    private function index(array $t): void
    {
        $c = ['values' => [], 'childValues' => [], 'parents' => []];
        foreach (['values', 'childValues'] as $name) {
            foreach ($t[$name] ?? [] as [$e, $a, $s, $v]) {
                $c[$name][(int) $e][(int) $a][(int) $s] = $v;
            }
        }
        foreach ($t['parents'] ?? [] as $r) {
            if ($r[2] !== null) {
                $c['parents'][(int) $r[0]][(string) $r[2]] ??= [];
                if ($r[3] !== null) {
                    $c['parents'][(int) $r[0]][(string) $r[2]][] = (int) $r[3];
                }
            }
        }
        foreach ($c['parents'] as &$bySku) {
            ksort($bySku, SORT_STRING);
        }
        unset($bySku);
        $group = static function (array $rows, callable $f): array {
            $out = [];
            foreach ($rows as $r) {
                $kv = $f($r);
                if ($kv !== null) {
                    $out[$kv[0]][] = $kv[1];
                }
            }
            return $out;
        };
        $c['websites'] = $group($t['websites'] ?? [], static fn ($r) => [(int) $r[0], (int) $r[1]]);
        $c['categories'] = $group($t['categories'] ?? [], static fn ($r) => [(int) $r[0], [(int) $r[1], (int) ($r[2] ?? 0)]]);
        $c['superAttributes'] = $group($t['superAttributes'] ?? [], static fn ($r) => [(int) $r[0], (int) $r[1]]);
        $c['children'] = $group($t['children'] ?? [], static fn ($r) => $r[2] === null ? null : [(int) $r[0], (int) $r[1]]);
        $c['links'] = $group($t['links'] ?? [], static fn ($r) => $r[1] === null || $r[2] === null ? null : [(int) $r[0], [(string) $r[1], (string) $r[2]]]);
        $c['gallery'] = $group($t['gallery'] ?? [], static fn ($r) => [(int) $r[0], $r]);
        $c['bundleOptions'] = $group($t['bundleOptions'] ?? [], static fn ($r) => [(int) $r[0], $r]);
        $c['bundleSelections'] = $group($t['bundleSelections'] ?? [], static fn ($r) => [(int) $r[1], $r]);
        $c['bundleParents'] = $group($t['bundleParents'] ?? [], static fn ($r) => $r[1] === null ? null : [(int) $r[0], (string) $r[1]]);
        $c['stock'] = [];
        foreach ($t['stock'] ?? [] as $r) {
            $c['stock'][(int) $r[0]] = [$r[1], (int) ($r[2] ?? 0) !== 0];
        }
        $c['bundleTitles'] = [];
        foreach ($t['bundleTitles'] ?? [] as [$option, $store, $title]) {
            if ($title !== null) {
                $c['bundleTitles'][(int) $option][(int) $store] = (string) $title;
            }
        }
        $this->c = $c;
    }

    /** The store view's value, else the default; a NULL store value hides the default. */
    private function value(string $table, int $entity, int $attribute): mixed
    {
        $values = $this->c[$table][$entity][$attribute] ?? [];
        return array_key_exists($this->store, $values) ? $values[$this->store] : ($values[0] ?? null);
    }

    private function cell(string $code): mixed
    {
        return isset($this->byCode[$code]) ? $this->value('values', $this->id, $this->byCode[$code]) : null;
    }

    private function text(string $code, string $field): ?string
    {
        $v = $this->cell($code);
        if ($v === null) {
            return null;
        }
        $v = self::str($v, $field);
        return trim($v) === '' ? null : $v;
    }

    private static function str(mixed $v, string $field): string
    {
        $v = (string) $v;
        if (!mb_check_encoding($v, 'UTF-8')) {
            throw new ItemError($field);
        }
        return $v;
    }

    private function product(string $type, string $locale): array
    {
        $name = $this->text('name', 'name') ?? throw new ItemError('name');
        $slug = $this->text('url_key', 'slug') ?? throw new ItemError('slug');
        $status = $this->cell('status');
        $enabled = ($status === null || (int) $status === 1) && ($type !== 'configurable' || $this->hasEnabledChild());
        $visibility = $this->cell('visibility');
        $visibleIn = match ($visibility === null ? '4' : trim((string) $visibility)) {
            '1' => [],
            '2' => ['CATALOG'],
            '3' => ['SEARCH'],
            '4' => ['CATALOG', 'SEARCH'],
            default => throw new ItemError('visibleIn'),
        };
        $meta = array_filter([
            'title' => $this->text('meta_title', 'metaTags.title'),
            'keywords' => array_values(array_filter(array_map('trim', preg_split('/[,\n\r]/', $this->text('meta_keyword', 'metaTags.keywords') ?? '')), static fn ($k) => $k !== '')),
            'description' => $this->text('meta_description', 'metaTags.description'),
        ], static fn ($v) => $v !== null && $v !== []);
        $p = ['sku' => $this->sku, 'source' => ['locale' => $locale], 'name' => $name, 'slug' => $slug];
        $p['description'] = $this->text('description', 'description');
        $p['shortDescription'] = $this->text('short_description', 'shortDescription');
        $p += ['status' => $enabled ? 'ENABLED' : 'DISABLED', 'visibleIn' => $visibleIn, 'metaTags' => $meta === [] ? null : $meta];
        $p['attributes'] = $this->attributes();
        $p['images'] = $this->images();
        $p['links'] = $this->links();
        $p['routes'] = $this->routes();
        $p['configurations'] = $type === 'configurable' ? $this->configurations() : [];
        $p['bundles'] = $type === 'bundle' ? $this->bundles() : [];
        $p['externalIds'] = [['id' => (string) $this->id, 'origin' => 'AdobeCommerce']];
        $optional = ['description', 'shortDescription', 'metaTags', 'attributes', 'images', 'links', 'routes', 'configurations', 'bundles'];
        foreach ($optional as $key) {
            if ($p[$key] === null || $p[$key] === []) {
                unset($p[$key]);
            }
        }
        return $p;
    }

    private function hasEnabledChild(): bool
    {
        if (!isset($this->byCode['status'])) {
            return true;
        }
        foreach ($this->c['children'][$this->id] ?? [] as $child) {
            $v = $this->value('childValues', $child, $this->byCode['status']);
            if ($v === null || (int) $v === 1) {
                return true;
            }
        }
        return false;
    }

    /** @return list<string> */
    private function render(array $attribute, mixed $cell): array
    {
        $field = 'attributes.' . $attribute['code'];
        $text = self::str($cell, $field);
        $label = function (string $value) use ($field, $attribute): string {
            $value = trim($value);
            return $this->optionLabel($attribute['id'], $value) ?? ($attribute['sourceOptions'] ? $value : throw new ItemError($field));
        };
        [$input, $backend] = [$attribute['input'], $attribute['backend']];
        return match (true) {
            $input === 'boolean' => [trim($text) === '1' ? 'true' : 'false'],
            $input === 'select', $input === 'swatch_visual', $input === 'swatch_text' => [$label($text)],
            $input === 'multiselect' => array_map($label, array_values(array_filter(explode(',', $text), static fn ($o) => trim($o) !== ''))),
            $input === 'date' => [substr($text, 0, 10)],
            $backend === 'datetime' => [preg_replace('/ /', 'T', $text, 1) . 'Z'],
            $backend === 'decimal' => [($m = Micros::parse($text)) === null ? $text : Micros::text($m)],
            default => [$text],
        };
    }

    private function optionLabel(int $attribute, string|int $value): ?string
    {
        $labels = $this->options[$attribute][$value]['labels'] ?? [];
        return $labels[$this->store] ?? $labels[0] ?? null;
    }

    private function attributes(): array
    {
        $out = [];
        $facts = $this->facts();
        if ($facts !== null) {
            $out[] = ['code' => 'aco_ac_attributes', 'values' => [$facts]];
        }
        $axes = [];
        foreach ($this->c['parents'][$this->id] ?? [] as $parentSku => $axisIds) {
            foreach ($axisIds as $axis) {
                if (!isset($this->attributes[$axis])) {
                    continue;
                }
                $code = $this->attributes[$axis]['code'];
                $option = $this->value('values', $this->id, $axis);
                if ($option === null || !mb_check_encoding((string) $option, 'UTF-8')) {
                    throw new ItemError("attributes.$code");
                }
                $axes[$axis] ??= "$parentSku-$code-" . trim((string) $option);
            }
        }
        $rendered = [];
        foreach ($this->attributes as $a) {
            if ($a['backend'] === 'static' || $a['input'] === 'gallery' || $a['input'] === 'media_image' || in_array($a['code'], self::NOT_ATTRIBUTES, true)) {
                continue;
            }
            $cell = $this->value('values', $this->id, $a['id']);
            if ($cell === null) {
                continue;
            }
            $values = $this->render($a, $cell);
            if (implode('', $values) === '') {
                continue;
            }
            $rendered[$a['code']] = ['code' => $a['code'], 'values' => $values] + (isset($axes[$a['id']]) ? ['variantReferenceId' => $axes[$a['id']]] : []);
        }
        ksort($rendered, SORT_STRING);
        return array_merge($out, array_values($rendered), $this->scopeAttributes());
    }

    private function scopeAttributes(): array
    {
        $assigned = $this->c['websites'][$this->id] ?? [];
        $websites = array_values(array_intersect_key($this->websiteCodes, array_flip($assigned)));
        $stores = [];
        foreach ($this->storeGroups as [$website, $store]) {
            if (in_array($website, $assigned, true) && !in_array($store, $stores, true)) {
                $stores[] = $store;
            }
        }
        return [['code' => 'magento-website-codes', 'values' => $websites], ['code' => 'magento-store-codes', 'values' => $stores]];
    }

    private function facts(): ?string
    {
        $facts = [];
        if (isset($this->c['stock'][$this->id])) {
            [$qty, $inStock] = $this->c['stock'][$this->id];
            $facts['inStock'] = $inStock;
            $q = $qty === null ? null : Micros::parse((string) $qty);
            $facts['lowStock'] = $inStock && $this->lowStock > 0 && $q !== null && $q <= $this->lowStock * Micros::ONE;
        }
        $weight = $this->cell('weight');
        if ($weight !== null) {
            $w = Micros::parse(self::str($weight, 'attributes.weight')) ?? throw new ItemError('attributes.weight');
            $facts['weight'] = Micros::json($w);
        }
        return $facts === [] ? null : json_encode($facts, PriceMapping::JSON_FLAGS);
    }

    private function images(): array
    {
        $files = [];
        foreach ($this->c['gallery'][$this->id] ?? [] as $row) {
            $store = (int) ($row[1] ?? 0);
            if ($store !== 0 && $store !== $this->store) {
                continue;
            }
            $file = self::str($row[2] ?? throw new ItemError('images.url'), 'images.url');
            $label = $row[3] === null || (string) $row[3] === '' ? null : (string) $row[3];
            if (!(isset($files[$file]) && $files[$file][3] === $this->store)) {
                $files[$file] = [(int) ($row[4] ?? 0), $label, (int) ($row[5] ?? 0) !== 0, $store];
            }
        }
        ksort($files, SORT_STRING);
        $images = [];
        foreach ($files as $file => [$position, $label, $disabled]) {
            if (!$disabled) {
                $images[] = [$position, (string) $file, ['url' => $this->media . $file, 'label' => $label, 'roles' => [], 'customRoles' => []]];
            }
        }
        $roleOf = function (string $file, ?string $role, ?string $custom) use (&$images): void {
            $index = null;
            foreach ($images as $i => $image) {
                if ($image[1] === $file) {
                    $index = $i;
                    break;
                }
            }
            if ($index === null) {
                $images[] = [PHP_INT_MAX, $file, ['url' => $this->media . $file, 'label' => null, 'roles' => [], 'customRoles' => []]];
                $index = count($images) - 1;
            }
            if ($role !== null) {
                $images[$index][2]['roles'][] = $role;
            }
            if ($custom !== null) {
                $images[$index][2]['customRoles'][] = $custom;
            }
        };
        foreach (self::ROLES as $code => $role) {
            $file = $this->text($code, 'images');
            if ($file !== null && $file !== 'no_selection') {
                $roleOf($file, $role, null);
            }
        }
        foreach ($this->attributes as $a) {
            if ($a['input'] !== 'media_image' || isset(self::ROLES[$a['code']])) {
                continue;
            }
            $file = $this->value('values', $this->id, $a['id']);
            if ($file !== null && mb_check_encoding((string) $file, 'UTF-8') && (string) $file !== '' && (string) $file !== 'no_selection') {
                $roleOf((string) $file, null, $a['code']);
            }
        }
        usort($images, static fn ($a, $b) => [$a[0], $a[1]] <=> [$b[0], $b[1]] ?: 0);
        return array_map(static fn ($i) => array_filter($i[2], static fn ($v) => $v !== null && $v !== []), $images);
    }

    private function links(): array
    {
        $links = [];
        foreach (array_keys($this->c['parents'][$this->id] ?? []) as $sku) {
            $links[] = ['type' => 'VARIANT_OF', 'sku' => (string) $sku];
        }
        foreach ($this->c['bundleParents'][$this->id] ?? [] as $sku) {
            $links[] = ['type' => 'IN_BUNDLE', 'sku' => $sku];
        }
        foreach ($this->c['links'][$this->id] ?? [] as [$sku, $code]) {
            $links[] = ['type' => ['relation' => 'related', 'up_sell' => 'upsell', 'cross_sell' => 'crosssell'][$code] ?? $code, 'sku' => $sku];
        }
        usort($links, static fn ($a, $b) => strcmp($a['type'], $b['type']) ?: strcmp($a['sku'], $b['sku']));
        $out = [];
        foreach ($links as $link) {
            if (end($out) !== $link) {
                $out[] = $link;
            }
        }
        return $out;
    }

    private function categoryValue(int $category, string $code): ?string
    {
        $values = $this->categories[$category][$code] ?? [];
        return $values[$this->store] ?? $values[0] ?? null;
    }

    /**
     * The category and its ancestors below the store roots (level 2+) are active in this store view,
     * and its parent chain climbs strictly up to a root (a loop in the tree exports nothing).
     */
    private function branchActive(int $category): bool
    {
        $active = fn (int $id): bool => trim($this->categoryValue($id, 'is_active') ?? '1') !== '0';
        for ($id = $category, $steps = max(0, $this->tree[$category][1]); $steps >= 0; $steps--) {
            [$parent, $level] = $this->tree[$id];
            if ($level < 2) {
                return true;
            }
            if (!$active($id)) {
                return false;
            }
            if (!isset($this->tree[$parent])) {
                return true;
            }
            if ($this->tree[$parent][1] >= $level) {
                return false;
            }
            $id = $parent;
        }
        return false;
    }

    private function routes(): array
    {
        $routes = [];
        foreach ($this->c['categories'][$this->id] ?? [] as [$category, $position]) {
            if (!isset($this->categories[$category])) {
                continue;
            }
            $path = trim($this->categoryValue($category, 'url_path') ?? '', '/');
            if ($path !== '' && $this->branchActive($category)) {
                $routes[] = ['path' => $path, 'position' => $position];
            }
        }
        usort($routes, static fn ($a, $b) => strcmp($a['path'], $b['path']));
        $out = [];
        foreach ($routes as $route) {
            if ($out === [] || end($out)['path'] !== $route['path']) {
                $out[] = $route;
            }
        }
        return $out;
    }

    private function configurations(): array
    {
        $out = [];
        foreach ($this->c['superAttributes'][$this->id] ?? [] as $axis) {
            $attribute = $this->attributes[$axis] ?? null;
            if ($attribute === null) {
                continue;
            }
            $options = [];
            foreach ($this->c['children'][$this->id] ?? [] as $child) {
                $v = $this->value('childValues', $child, $axis);
                if ($v !== null && preg_match('/^\s*[+-]?\d+\s*$/', (string) $v)) {
                    $options[(int) trim((string) $v)] = true;
                }
            }
            $options = array_keys($options);
            $sort = fn (int $option): int => $this->options[$axis][$option]['sort'] ?? 0;
            usort($options, static fn ($a, $b) => [$sort($a), $a] <=> [$sort($b), $b]);
            $values = [];
            foreach ($options as $option) {
                $label = $this->optionLabel($axis, $option) ?? throw new ItemError('configurations.' . $attribute['code']);
                [$type, $swatch] = $this->swatches[$option] ?? [null, null];
                $values[] = array_filter(['variantReferenceId' => "{$this->sku}-{$attribute['code']}-$option", 'label' => $label,
                    'colorHex' => $type === 1 ? $swatch : null, 'imageUrl' => $type === 2 ? "{$this->swatchMedia}/swatch$swatch" : null], static fn ($v) => $v !== null);
            }
            $out[] = ['attributeCode' => $attribute['code'], 'label' => $this->labels[$axis][$this->store] ?? $attribute['label'],
                'type' => $attribute['swatch'] ? 'SWATCH' : 'CONFIGURABLE', 'values' => $values];
        }
        return $out;
    }

    private function bundles(): array
    {
        $options = $this->c['bundleOptions'][$this->id] ?? [];
        usort($options, static fn ($a, $b) => [(int) ($a[3] ?? 0), (int) ($a[1] ?? 0)] <=> [(int) ($b[3] ?? 0), (int) ($b[1] ?? 0)]);
        $seen = [];
        $out = [];
        foreach ($options as $option) {
            $id = (int) ($option[1] ?? 0);
            $titles = $this->c['bundleTitles'][$id] ?? [];
            $group = $titles[$this->store] ?? $titles[0] ?? null;
            if ($group === null || trim($group) === '') {
                throw new ItemError('bundles.group');
            }
            $selections = $this->c['bundleSelections'][$id] ?? [];
            usort($selections, static fn ($a, $b) => (int) ($a[3] ?? 0) <=> (int) ($b[3] ?? 0));
            $items = [];
            $defaults = [];
            foreach ($selections as $s) {
                $sku = self::str($s[2] ?? throw new ItemError('bundles.items.sku'), 'bundles.items.sku');
                if (isset($seen[$sku])) {
                    throw new ItemError('bundles.items.sku');
                }
                $seen[$sku] = true;
                if ((int) ($s[4] ?? 0) !== 0) {
                    $defaults[] = $sku;
                }
                $qty = $s[5] === null ? null : Micros::parse((string) $s[5]);
                $items[] = ['sku' => $sku] + ($qty !== null && $qty > 0 ? ['qty' => Micros::json($qty)] : []) + ['userDefinedQty' => (int) ($s[6] ?? 0) !== 0];
            }
            $kind = (string) ($option[4] ?? '');
            $out[] = ['group' => $group, 'required' => (int) ($option[2] ?? 0) !== 0, 'multiSelect' => in_array($kind, ['checkbox', 'multi'], true)]
                + ($defaults === [] ? [] : ['defaultItemSkus' => $defaults]) + ['items' => $items];
        }
        return $out;
    }
}
