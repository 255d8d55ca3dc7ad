<?php
declare(strict_types=1);

namespace Aco\Connector\Cron;

use Magento\Framework\Indexer\IndexerRegistry;

/**
 * Every minute, in the connector's own cron group: processes the captured changes of the ACO
 * indexers that are "Update by Schedule" (what Magento's indexer_update_all_views does for every
 * indexer), so ACO deltas do not wait behind the store's other indexers.
 */
class SyncChanges
{
    public const INDEXERS = ['aco_product_attributes', 'aco_categories', 'aco_products', 'aco_price_books', 'aco_prices'];

    private IndexerRegistry $indexers;

    public function __construct(IndexerRegistry $indexers)
    {
        $this->indexers = $indexers;
    }

    public function execute(): void
    {
        foreach (self::INDEXERS as $id) {
            $indexer = $this->indexers->get($id);
            if ($indexer->isScheduled()) {
                $indexer->getView()->update();
            }
        }
    }
}
