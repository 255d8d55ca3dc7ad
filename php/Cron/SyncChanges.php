<?php
declare(strict_types=1);

namespace Aco\Connector\Cron;

use Magento\Framework\Mview\ProcessorInterface;

/**
 * The ACO views' captured changes, in the connector's own cron group. Their mview group
 * (etc/mview.xml) is "aco", not Magento's "indexer": the store's index cron (indexer_update_all_views,
 * indexer_clean_all_changelogs) handles only "indexer", so ACO's network syncs never run inside it
 * and are neither delayed by nor delay the store's indexers. What those jobs do for "indexer", these
 * do for "aco".
 */
class SyncChanges
{
    public const MVIEW_GROUP = 'aco';

    private ProcessorInterface $mview;

    public function __construct(ProcessorInterface $mview)
    {
        $this->mview = $mview;
    }

    /** Every minute: each view on "Update by Schedule" syncs what its changelog holds past its position. */
    public function execute(): void
    {
        $this->mview->update(self::MVIEW_GROUP);
    }

    /** Hourly: changelog rows every view has passed are removed. */
    public function cleanChangelogs(): void
    {
        $this->mview->clearChangelog(self::MVIEW_GROUP);
    }
}
