<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Database;

/**
 * The connector's change capture, and the one reader and committer of its changelogs, in Magento and
 * standalone alike: its triggers (ChangeTriggers) on the catalog tables each feed subscribes write the
 * changed entity id into the feed's changelog (the shape of Magento's mview changelogs; Magento lists the
 * views and indexers, etc/mview.xml, but neither creates these triggers nor moves a position here).
 * A read takes the rows there now; a commit deletes exactly those rows (Changes), so a row committed
 * late by a long transaction, with a lower version id than rows already read, is read next time
 * instead of being passed. Triggers are replaced atomically and checked on every cycle (`repair`):
 * a table Magento rebuilt by a swap (its catalog-rule prices), or an install killed midway, loses
 * them, and what changed meanwhile was not recorded. On Adobe Commerce with staging the value tables
 * carry `row_id`: the trigger records it and `pending()` maps it back to entity ids.
 *
 * A change also reaches items of other entities (ChangeCascade): a product's change the products it
 * names or that name it; a category's or an option's change, committed, is written into the products
 * changelog (`forward()`), so the products feed, which runs after them, sends what it changed.
 */
class ChangeCapture
{
    private Database $db;
    private ChangeTriggers $triggers;
    private ChangeCascade $cascade;
    private CatalogSchema $schema;
    /** @var array<string, true> changelogs seen to exist (a full sync asks once per batch) */
    private array $changelogs = [];

    public function __construct(Database $db)
    {
        $this->db = $db;
        $this->triggers = new ChangeTriggers($db);
        $this->cascade = new ChangeCascade($db);
        $this->schema = new CatalogSchema($db);
    }

    /** Creates the changelogs and (re)places every trigger (idempotent); recorded changes are kept. */
    public function install(): void
    {
        foreach (Feed::all() as $feed) {
            $this->db->exec("CREATE TABLE IF NOT EXISTS {$this->changelog($feed)} (version_id int unsigned NOT NULL AUTO_INCREMENT,
                entity_id int unsigned NOT NULL DEFAULT 0, PRIMARY KEY (version_id)) ENGINE=InnoDB");
            $this->changelogs[$feed->view()] = true;
        }
        $this->triggers->install();
    }

    /**
     * Puts back triggers that are missing or not as declared, and the changelogs. Changes made while
     * they were missing were never recorded, so the feeds subscribing those tables need a full sync.
     *
     * @return list<string> those feeds (none on a healthy store: one query)
     */
    public function repair(): array
    {
        $broken = $this->triggers->broken();
        foreach (Feed::all() as $feed) {
            if (!$this->hasChangelog($feed)) {
                $broken += array_fill_keys(array_keys($feed->subscriptions()), true);
            }
        }
        if ($broken === []) {
            return [];
        }
        $this->install();
        return $this->subscribers($broken);
    }

    /**
     * The feeds that missed the rows of tables Magento rebuilt aside and swapped in (the catalog-rule
     * indexer): the rows went in where no trigger was, whether or not the swap kept the triggers.
     *
     * @param list<string> $tables the store's table names, as the swap names them
     * @return list<string> those feeds, to get a full sync
     */
    public function swapped(array $tables): array
    {
        $logical = [];
        foreach (Feed::all() as $feed) {
            foreach ($feed->subscriptions() as $table => $_) {
                if (in_array($this->db->table($table), $tables, true)) {
                    $logical[$table] = true;
                }
            }
        }
        return $this->subscribers($logical);
    }

    /** @param array<string, true> $tables logical names @return list<string> the feeds subscribing to any of them */
    private function subscribers(array $tables): array
    {
        $feeds = [];
        foreach (Feed::all() as $feed) {
            if (array_intersect_key($feed->subscriptions(), $tables) !== []) {
                $feeds[] = $feed->name;
            }
        }
        return $feeds;
    }

    /**
     * The feed's changelog rows after version $after (all of them by default), as the entities to
     * sync (`affected()`) and the rows to commit once they are synced. Empty while the changelog
     * does not exist (before aco:config:init or setup:upgrade installed change capture).
     */
    public function pending(Feed $feed, int $after = 0): Changes
    {
        if (!$this->hasChangelog($feed)) {
            return new Changes();
        }
        $st = $this->db->prepare("SELECT version_id, entity_id FROM {$this->changelog($feed)} WHERE version_id > ? ORDER BY version_id");
        $st->execute([$after]);
        $rows = $st->fetchAll(\PDO::FETCH_NUM);
        if ($rows === []) {
            return new Changes([], [], $after);
        }
        $versions = array_map('intval', array_column($rows, 0));
        $ids = array_values(array_unique(array_map('intval', array_column($rows, 1))));
        return new Changes($feed->isPerEntity() ? $this->affected($feed, $ids) : $ids, Changes::ranges($versions), (int) end($versions));
    }

    /**
     * The entities of a per-entity feed to sync for ids its changelog holds: staged row ids become
     * entity ids, a product's change brings the products with a SKU it has or had
     * (ChangeCascade::sharingSku) and, in the products feed, the products related to it
     * (ChangeCascade::products).
     *
     * @param list<int> $ids
     * @return list<int>
     */
    public function affected(Feed $feed, array $ids): array
    {
        if ($ids === []) {
            return [];
        }
        $ids = $this->cascade->sharingSku($this->toEntityIds($ids), $this->db->table($feed->table()));
        return $feed->name === Feed::PRODUCTS ? $this->cascade->products($ids) : $ids;
    }

    /**
     * Writes what a change of categories or attributes means for products into the products
     * changelog: the products routed to a changed category or its subtree, those carrying a changed
     * option or attribute; `commit()` does it.
     *
     * @param list<int> $ids changelog ids of `$feed`
     */
    private function forward(Feed $feed, array $ids): void
    {
        $products = Feed::named(Feed::PRODUCTS);
        if ($ids === [] || !$this->hasChangelog($products)) {
            return;
        }
        $reached = match ($feed->name) {
            Feed::CATEGORIES => $this->cascade->productsOfCategories($ids),
            Feed::PRODUCT_ATTRIBUTES => $this->cascade->productsOfAttributes($ids),
            default => [],
        };
        foreach (array_chunk($reached, 1000) as $chunk) {
            $this->db->exec('INSERT INTO ' . $this->changelog($products) . ' (entity_id) VALUES (' . implode('), (', $chunk) . ')');
        }
    }

    /**
     * A full products sync has gone through: ACO holds the catalog as it is, so relations seen before
     * are history, but for the products whose changes wait in the changelog (made after the run read
     * them: the next incremental run cascades them). Not at its start: a run killed midway would have
     * forgotten who named the products deleted just before it.
     */
    public function fullSyncFinished(Feed $feed): void
    {
        if ($feed->name === Feed::PRODUCTS) {
            $this->cascade->rebuild($this->hasChangelog($feed) ? $this->changelog($feed) : null);
        }
    }

    /**
     * The rows of $changes are synced: a feed read whole forwards what they mean for products
     * first, then exactly those rows are deleted.
     */
    public function commit(Feed $feed, Changes $changes): void
    {
        if ($changes->isEmpty() || !$this->hasChangelog($feed)) {
            return;
        }
        if (!$feed->isPerEntity()) {
            $this->forward($feed, $changes->ids);
        }
        foreach (array_chunk($changes->ranges, 200) as $chunk) {
            $where = implode(' OR ', array_map(static fn (array $r): string => $r[0] === $r[1] ? "version_id = {$r[0]}" : "version_id BETWEEN {$r[0]} AND {$r[1]}", $chunk));
            $this->db->exec("DELETE FROM {$this->changelog($feed)} WHERE $where");
        }
    }

    /** Rows waiting in the feed's changelog (0 before change capture is installed). */
    public function backlog(Feed $feed): int
    {
        return $this->hasChangelog($feed) ? (int) $this->db->query("SELECT COUNT(*) FROM {$this->changelog($feed)}")->fetchColumn() : 0;
    }

    private function changelog(Feed $feed): string
    {
        return $this->db->table($feed->changelog());
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

    /** Only its existence is remembered: a changelog missing now may be created later (install, repair). */
    private function hasChangelog(Feed $feed): bool
    {
        $view = $feed->view();
        if (!isset($this->changelogs[$view]) && $this->db->hasTable($feed->changelog())) {
            $this->changelogs[$view] = true;
        }
        return isset($this->changelogs[$view]);
    }
}
