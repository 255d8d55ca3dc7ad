<?php
declare(strict_types=1);

namespace Aco\Connector\Setup;

use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\MagentoServices;
use Magento\Framework\Indexer\IndexerRegistry;
use Magento\Framework\Indexer\StateInterface;
use Magento\Framework\Setup\InstallDataInterface;
use Magento\Framework\Setup\ModuleContextInterface;
use Magento\Framework\Setup\ModuleDataSetupInterface;

/**
 * On every setup:upgrade (after the store's data exists): the connector's change-capture triggers,
 * as declared now (a module upgrade may subscribe new tables; a store may have enabled or disabled
 * a module whose tables are subscribed). Each sync cycle checks them again (ChangeCapture::repair).
 * The module's own services (MagentoServices) are asked directly: setup has no ServicesProvider scope.
 *
 * And the feeds' indexers back to valid: Magento's setup (Magento_Indexer's recurring schema step, run
 * before this data step) marks every new indexer, and every one whose indexer.xml changed, invalid, so
 * that its index cron runs a full reindex. For a feed that reindex only queues a full sync nothing
 * asked for (aco:config:init queues the first; the sync cycle itself repairs triggers and notices scope
 * changes), and until Magento's index cron ran it the admin warned "One or more indexers are invalid".
 */
class RecurringData implements InstallDataInterface
{
    private MagentoServices $services;
    private IndexerRegistry $indexers;

    public function __construct(MagentoServices $services, IndexerRegistry $indexers)
    {
        $this->services = $services;
        $this->indexers = $indexers;
    }

    public function install(ModuleDataSetupInterface $setup, ModuleContextInterface $context)
    {
        foreach (Feed::all() as $feed) { // each feed's indexer is named after its view
            $indexer = $this->indexers->get($feed->view());
            if ($indexer->isInvalid()) {
                // through "working", as a reindex goes: Magento writes "valid" only over "working" (an
                // indexer invalidated during its reindex stays invalid)
                $indexer->getState()->setStatus(StateInterface::STATUS_WORKING)->save();
                $indexer->getState()->setStatus(StateInterface::STATUS_VALID)->save();
            }
        }
        // not before aco:config:init (which installs them): nothing would read the changelogs
        if ($this->services->services()->config()->isConfigured()) {
            (new ChangeCapture($this->services->database()))->install();
        }
    }
}
