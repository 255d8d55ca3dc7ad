<?php
declare(strict_types=1);

namespace Aco\Connector\Setup\Patch\Data;

use Aco\Connector\Model\Feed\Feed;
use Magento\Framework\Indexer\IndexerRegistry;
use Magento\Framework\Setup\Patch\DataPatchInterface;
use Magento\Framework\Setup\Patch\NonTransactionableInterface;

/**
 * On install, the feeds' indexers go to "Update by Schedule", as Adobe's own feeds are schedule-only:
 * Magento then shows them so and keeps their changelog tables (which "Update on Save" would drop). The
 * triggers are the connector's own (Setup\Recurring). Outside a transaction: it is DDL.
 */
class ScheduleFeedIndexers implements DataPatchInterface, NonTransactionableInterface
{
    private IndexerRegistry $indexers;

    public function __construct(IndexerRegistry $indexers)
    {
        $this->indexers = $indexers;
    }

    public function apply()
    {
        foreach (Feed::all() as $feed) { // each feed's indexer is named after its view
            $this->indexers->get($feed->view())->setScheduled(true);
        }
        return $this;
    }

    public static function getDependencies()
    {
        return [];
    }

    public function getAliases()
    {
        return [];
    }
}
