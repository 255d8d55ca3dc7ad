<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Indexer;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\ServicesProvider;
use Magento\Framework\Indexer\ActionInterface as IndexerAction;
use Magento\Framework\Mview\ActionInterface as MviewAction;
use Psr\Log\LoggerInterface;

/**
 * One Magento indexer per feed (etc/indexer.xml; virtual types in etc/di.xml name the feed), so a
 * merchant finds the feeds in Index Management and `indexer:reindex` as Magento's own feeds have
 * them. A full reindex asks for a full sync of the feed, which the lane's next sync cycle runs
 * (SyncCycle): an hours-long network sync must not run inside Magento's `index` cron group, nor
 * stop the store's later indexers when the feed is busy. Changed ids need nothing here: the
 * connector reads its changelogs itself (ChangeCapture); were Magento to hand them over, they stay
 * in the changelog for the cycle.
 */
class FeedIndexer implements IndexerAction, MviewAction
{
    private ServicesProvider $services;
    private LoggerInterface $logger;
    private string $feed;

    public function __construct(ServicesProvider $services, LoggerInterface $logger, string $feed)
    {
        $this->services = $services;
        $this->logger = $logger;
        $this->feed = $feed;
    }

    public function executeFull()
    {
        $this->services->services()->queue()->request([Feed::named($this->feed)->name]);
        $this->logger->info("aco: a full sync of {$this->feed} is queued; the connector's cron runs it (aco:status shows it)");
    }

    public function executeList(array $ids)
    {
    }

    public function executeRow($id)
    {
    }

    public function execute($ids)
    {
    }
}
