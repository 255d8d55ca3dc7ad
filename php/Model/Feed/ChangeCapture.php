<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Database;

/**
 * Change capture as Magento's mview does it (etc/mview.xml): triggers on the source tables write the
 * changed entity id into `<view>_cl`; `mview_state.version_id` remembers what was processed. In
 * Magento, Magento creates the triggers; standalone, `install()` creates the same changelogs and
 * triggers (named `aco_trg_*`, beside any of Magento's). On Adobe Commerce with staging the value
 * tables carry `row_id`: the trigger records it and `pending()` maps it back to entity ids.
 *
 * A change also reaches items of other entities (ChangeCascade): a product's change the products it
 * names or that name it; a category's or an option's change, committed, is written into the products
 * changelog (`forward()`), so the products feed, which runs after them, sends what it changed.
 */
class ChangeCapture
{
    /** Feed → mview view id. */
    public const VIEWS = [
        Feed::PRODUCT_ATTRIBUTES => 'aco_product_attributes',
        Feed::CATEGORIES => 'aco_categories',
        Feed::PRODUCTS => 'aco_products',
        Feed::PRICE_BOOKS => 'aco_price_books',
        Feed::PRICES => 'aco_prices',
    ];

    private Database $db;
    private ChangeCascade $cascade;
    private CatalogSchema $schema;
    private string $mviewFile;
    /** @var array<string, true> changelogs seen to exist (a full sync asks once per batch) */
    private array $changelogs = [];

    public function __construct(Database $db, ?string $mviewFile = null)
    {
        $this->db = $db;
        $this->cascade = new ChangeCascade($db);
        $this->schema = new CatalogSchema($db);
        $this->mviewFile = $mviewFile ?? dirname(__DIR__, 2) . '/etc/mview.xml';
    }

    /** @return array<string, list<array{table: string, column: string}>> view id → subscriptions */
    public function subscriptions(): array
    {
        $doc = new \DOMDocument();
        if (!$doc->load($this->mviewFile)) {
            throw new \RuntimeException("cannot read {$this->mviewFile}");
        }
        $out = [];
        foreach ($doc->getElementsByTagName('view') as $view) {
            foreach ($view->getElementsByTagName('table') as $table) {
                $out[$view->getAttribute('id')][] = ['table' => $table->getAttribute('name'), 'column' => $table->getAttribute('entity_column')];
            }
        }
        return $out;
    }

    /** Creates changelogs, state rows and triggers (idempotent); existing changes are kept. */
    public function install(): void
    {
        $this->db->exec("CREATE TABLE IF NOT EXISTS {mview_state} (state_id int unsigned NOT NULL AUTO_INCREMENT, view_id varchar(255) DEFAULT NULL,
            mode varchar(16) DEFAULT 'disabled', status varchar(16) DEFAULT 'idle', updated datetime DEFAULT NULL, version_id bigint unsigned DEFAULT NULL,
            PRIMARY KEY (state_id), KEY MVIEW_STATE_VIEW_ID (view_id)) ENGINE=InnoDB");
        $byTable = [];
        foreach ($this->subscriptions() as $view => $subs) {
            $this->db->exec("CREATE TABLE IF NOT EXISTS {$this->changelog($view)} (version_id int unsigned NOT NULL AUTO_INCREMENT, entity_id int unsigned NOT NULL DEFAULT 0,
                PRIMARY KEY (version_id)) ENGINE=InnoDB");
            $st = $this->db->prepare('SELECT COUNT(*) FROM {mview_state} WHERE view_id = ?');
            $st->execute([$view]);
            if ((int) $st->fetchColumn() === 0) {
                $this->db->prepare("INSERT INTO {mview_state} (view_id, mode, status, version_id) VALUES (?, 'enabled', 'idle', 0)")->execute([$view]);
            }
            foreach ($subs as $sub) {
                $byTable[$sub['table']][] = [$view, $this->column($sub['table'], $sub['column'])];
            }
        }
        foreach ($byTable as $logical => $views) {
            if (!$this->db->hasTable($logical)) {
                continue;
            }
            $table = $this->db->table($logical);
            $views = array_map(fn (array $v): array => [$this->changelog($v[0]), $v[1]], $views);
            foreach (['INSERT' => 'NEW', 'UPDATE' => 'NEW', 'DELETE' => 'OLD'] as $event => $row) {
                $name = substr('aco_trg_' . $table . '_' . strtolower($event), 0, 64);
                $body = implode(' ', array_map(static fn (array $v): string => "INSERT INTO {$v[0]} (entity_id) VALUES ($row.{$v[1]});", $views));
                $this->db->exec("DROP TRIGGER IF EXISTS $name");
                $this->db->exec("CREATE TRIGGER $name AFTER $event ON $table FOR EACH ROW BEGIN $body END");
                if ($event === 'UPDATE') {
                    // the old id too: a row moved to another entity changes both
                    $this->db->exec("DROP TRIGGER IF EXISTS {$name}_old");
                    $old = implode(' ', array_map(static fn (array $v): string => "IF NOT (OLD.{$v[1]} <=> NEW.{$v[1]}) THEN INSERT INTO {$v[0]} (entity_id) VALUES (OLD.{$v[1]}); END IF;", $views));
                    $this->db->exec("CREATE TRIGGER " . substr($name, 0, 60) . "_old AFTER UPDATE ON $table FOR EACH ROW FOLLOWS $name BEGIN $old END");
                }
            }
        }
    }

    /**
     * Changed entity ids of a feed since the last `commit()`, with what they imply (`affected()`), and
     * the version to commit once they are synced. None while the changelog does not exist (in
     * Magento, an indexer left on "Update on Save").
     *
     * @param int|null $since from this version instead of the committed one
     * @return array{ids: list<int>, version: int}
     */
    public function pending(Feed $feed, ?int $since = null): array
    {
        $view = self::VIEWS[$feed->name];
        if (!$this->hasChangelog($view)) {
            return ['ids' => [], 'version' => 0];
        }
        $from = $since ?? $this->version($view);
        $to = (int) $this->db->query("SELECT COALESCE(MAX(version_id), 0) FROM {$this->changelog($view)}")->fetchColumn();
        if ($to <= $from) {
            return ['ids' => [], 'version' => $from];
        }
        $st = $this->db->prepare("SELECT DISTINCT entity_id FROM {$this->changelog($view)} WHERE version_id > ? AND version_id <= ?");
        $st->execute([$from, $to]);
        $ids = array_map('intval', $st->fetchAll(\PDO::FETCH_COLUMN));
        return ['ids' => $feed->isPerEntity() ? $this->affected($feed, $ids) : $ids, 'version' => $to];
    }

    /**
     * The entities of a per-entity feed to sync for ids its changelog holds: staged row ids become
     * entity ids, and a product's change brings the products related to it (ChangeCascade::products).
     * Magento's mview path (FeedIndexer::execute) resolves its ids here too.
     *
     * @param list<int> $ids
     * @return list<int>
     */
    public function affected(Feed $feed, array $ids): array
    {
        if ($ids === []) {
            return [];
        }
        $ids = $this->toEntityIds($ids);
        return $feed->name === Feed::PRODUCTS ? $this->cascade->products($ids) : $ids;
    }

    /**
     * Writes what a change of categories or attributes means for products into the products
     * changelog: the products routed to a changed category or its subtree, those carrying a changed
     * option or attribute. `commit()` does it; Magento's mview path calls it with the ids it synced.
     *
     * @param list<int> $ids changelog ids of `$feed`
     */
    public function forward(Feed $feed, array $ids): void
    {
        if ($ids === [] || !$this->hasChangelog(self::VIEWS[Feed::PRODUCTS])) {
            return;
        }
        $products = match ($feed->name) {
            Feed::CATEGORIES => $this->cascade->productsOfCategories($ids),
            Feed::PRODUCT_ATTRIBUTES => $this->cascade->productsOfAttributes($ids),
            default => [],
        };
        foreach (array_chunk($products, 1000) as $chunk) {
            $this->db->exec('INSERT INTO ' . $this->changelog(self::VIEWS[Feed::PRODUCTS]) . ' (entity_id) VALUES (' . implode('), (', $chunk) . ')');
        }
    }

    /**
     * A full products sync has gone through: ACO holds the catalog as it is, so relations seen before
     * are history. Not at its start: a run killed midway would have forgotten who named the products
     * deleted just before it, whose changes the next incremental run still has to cascade.
     */
    public function fullSyncFinished(Feed $feed): void
    {
        if ($feed->name === Feed::PRODUCTS) {
            $this->cascade->rebuild();
        }
    }

    /** Marks a feed's changes up to `$version` as synced (forwarded first); older changelog rows are removed. */
    public function commit(Feed $feed, int $version): void
    {
        $view = self::VIEWS[$feed->name];
        if (!$this->hasChangelog($view)) {
            return;
        }
        if (!$feed->isPerEntity()) {
            $st = $this->db->prepare("SELECT DISTINCT entity_id FROM {$this->changelog($view)} WHERE version_id > ? AND version_id <= ?");
            $st->execute([$this->version($view), $version]);
            $this->forward($feed, array_map('intval', $st->fetchAll(\PDO::FETCH_COLUMN)));
        }
        $this->db->prepare("UPDATE {mview_state} SET version_id = ?, updated = NOW() WHERE view_id = ?")->execute([$version, $view]);
        $this->db->prepare("DELETE FROM {$this->changelog($view)} WHERE version_id <= ?")->execute([$version]);
    }

    private function version(string $view): int
    {
        $st = $this->db->prepare('SELECT COALESCE(version_id, 0) FROM {mview_state} WHERE view_id = ?');
        $st->execute([$view]);
        return (int) $st->fetchColumn();
    }

    /** The store's name of a view's changelog (Magento's: the view id and `_cl`, prefixed). */
    private function changelog(string $view): string
    {
        return $this->db->table("{$view}_cl");
    }

    /** `entity_id` subscriptions of staged tables record `row_id` instead. */
    private function column(string $table, string $column): string
    {
        if ($column !== 'entity_id' || !$this->db->hasTable($table)) {
            return $column;
        }
        return $this->db->hasColumn($table, 'entity_id') ? 'entity_id' : 'row_id';
    }

    /** @param list<int> $ids entity or (staging) row ids @return list<int> entity ids */
    private function toEntityIds(array $ids): array
    {
        if (!$this->schema->isStaging()) {
            return $ids;
        }
        $list = implode(',', $ids);
        $rows = $this->db->query("SELECT DISTINCT entity_id FROM {catalog_product_entity} WHERE row_id IN ($list) OR entity_id IN ($list)")->fetchAll(\PDO::FETCH_COLUMN);
        return array_map('intval', $rows);
    }

    /** Only its existence is remembered: a changelog missing now may be created later (install, Magento's "Update by Schedule"). */
    private function hasChangelog(string $view): bool
    {
        if (!isset($this->changelogs[$view]) && $this->db->hasTable("{$view}_cl")) {
            $this->changelogs[$view] = true;
        }
        return isset($this->changelogs[$view]);
    }
}
