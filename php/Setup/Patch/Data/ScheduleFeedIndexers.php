<?php
declare(strict_types=1);

namespace Aco\Connector\Setup\Patch\Data;

use Aco\Connector\Model\Feed\ChangeCapture;
use Magento\Framework\Indexer\IndexerRegistry;
use Magento\Framework\Setup\Patch\DataPatchInterface;
use Magento\Framework\Setup\Patch\NonTransactionableInterface;

/**
 * On install, the feeds' indexers go to "Update by Schedule": only then does Magento create the mview
 * triggers that capture changes for the aco cron group. "Update on Save" would send nothing until the
 * next full sync (a save must not wait for ACO over the network), as Adobe's own feeds are schedule-only.
 * Outside a transaction: creating triggers is DDL.
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
        foreach (ChangeCapture::VIEWS as $id) { // each feed's indexer is named after its view
            $this->indexers->get($id)->setScheduled(true);
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
