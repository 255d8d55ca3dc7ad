<?php
declare(strict_types=1);

namespace Aco\Connector\Tools\SampleCatalog;

/**
 * Edits of the sample catalog that move an identity ACO keys items by from one entity to another, as
 * an admin makes them: a product deleted and re-created with its SKU, two products swapping SKUs, a
 * category taking the URL key another gave up, two sibling categories swapping theirs. Written as
 * Magento writes them (a new entity's rows, foreign keys cascading), for the reliability tests and
 * the soak run.
 */
final class IdentityMoves
{
    private \PDO $pdo;

    public function __construct(\PDO $pdo)
    {
        $this->pdo = $pdo;
    }

    /** Product `$from` deleted, then created again as `$to` with its SKU and every value. */
    public function recreateProduct(int $from, int $to): void
    {
        $sku = $this->sku($from);
        $this->copyProduct($from, $to, "NEW-$to");
        $this->pdo->exec("DELETE FROM catalog_product_entity WHERE entity_id = $from");
        $this->pdo->prepare("UPDATE catalog_product_entity SET sku = ? WHERE entity_id = $to")->execute([$sku]);
    }

    /** Products `$a` and `$b` swap SKUs (through a third: SKUs are unique). */
    public function swapSkus(int $a, int $b): void
    {
        [$skuA, $skuB] = [$this->sku($a), $this->sku($b)];
        $set = $this->pdo->prepare('UPDATE catalog_product_entity SET sku = ? WHERE entity_id = ?');
        foreach ([["SWAP-$a", $a], [$skuA, $b], [$skuB, $a]] as $step) {
            $set->execute($step);
        }
    }

    /** Category `$from` takes a new URL key (`-$suffix` added) and a new category `$to` beside it takes the one it gave up. */
    public function reuseCategoryKey(int $from, int $to, string $suffix): void
    {
        $this->pdo->exec("INSERT INTO catalog_category_entity (entity_id, attribute_set_id, parent_id, path, position, level, children_count)
            SELECT $to, attribute_set_id, parent_id, CONCAT(SUBSTRING_INDEX(path, '/', level), '/$to'), 9, level, 0 FROM catalog_category_entity WHERE entity_id = $from");
        foreach (['varchar', 'int', 'text'] as $type) {
            $this->pdo->exec("INSERT INTO catalog_category_entity_$type (attribute_id, store_id, entity_id, value)
                SELECT attribute_id, store_id, $to, value FROM catalog_category_entity_$type WHERE entity_id = $from");
        }
        $this->renameCategoryKey($from, $suffix);
    }

    /** Category `$id`'s URL key and path get `-$suffix` in every store (a leaf: no subtree to follow). */
    public function renameCategoryKey(int $id, string $suffix): void
    {
        $this->pdo->prepare("UPDATE catalog_category_entity_varchar SET value = CONCAT(value, '-', ?) WHERE entity_id = $id AND attribute_id IN (52, 53)")->execute([$suffix]);
    }

    /** Sibling leaf categories `$a` and `$b` swap URL keys (and so paths) in every store. */
    public function swapCategoryKeys(int $a, int $b): void
    {
        $values = $this->pdo->query("SELECT entity_id, store_id, attribute_id, value FROM catalog_category_entity_varchar
            WHERE entity_id IN ($a, $b) AND attribute_id IN (52, 53)")->fetchAll(\PDO::FETCH_NUM);
        $of = [];
        foreach ($values as [$entity, $store, $attribute, $value]) {
            $of[(int) $entity]["$store/$attribute"] = $value;
        }
        $set = $this->pdo->prepare('UPDATE catalog_category_entity_varchar SET value = ? WHERE entity_id = ? AND store_id = ? AND attribute_id = ?');
        foreach (array_intersect_key($of[$a], $of[$b]) as $where => $value) {
            [$store, $attribute] = explode('/', $where);
            $set->execute([$of[$b][$where], $a, $store, $attribute]);
            $set->execute([$value, $b, $store, $attribute]);
        }
    }

    private function sku(int $product): string
    {
        return (string) $this->pdo->query("SELECT sku FROM catalog_product_entity WHERE entity_id = $product")->fetchColumn();
    }

    /** A new product `$to` with SKU `$sku` and every row of product `$from` (values, websites, stock, categories). */
    private function copyProduct(int $from, int $to, string $sku): void
    {
        $columns = $this->pdo->query("SELECT table_name, column_name, column_name IN ('entity_id', 'product_id') AS link, extra LIKE '%auto_increment%' AS generated
            FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name NOT LIKE '%\_cl'
                AND (table_name LIKE 'catalog\_product\_entity%' OR table_name IN ('catalog_product_website', 'catalog_category_product', 'cataloginventory_stock_item'))
            ORDER BY table_name = 'catalog_product_entity' DESC, table_name, ordinal_position")->fetchAll(\PDO::FETCH_GROUP | \PDO::FETCH_ASSOC);
        foreach ($columns as $table => $cols) {
            $link = array_values(array_filter($cols, static fn (array $c): bool => (bool) $c['link']))[0]['column_name'] ?? null;
            if ($link === null) {
                continue;
            }
            $into = [];
            $select = [];
            foreach ($cols as $c) {
                if ($c['generated'] && !$c['link']) {
                    continue;   // a value id: the copy gets its own
                }
                $into[] = $c['column_name'];
                $select[] = $c['link'] ? (string) $to : ($c['column_name'] === 'sku' && $table === 'catalog_product_entity' ? $this->pdo->quote($sku) : $c['column_name']);
            }
            $this->pdo->exec("INSERT INTO $table (" . implode(', ', $into) . ') SELECT ' . implode(', ', $select) . " FROM $table WHERE $link = $from");
        }
    }
}
