<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Indexer;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\LogRouter;
use Aco\Connector\Model\ServicesProvider;
use Magento\Framework\Indexer\ActionInterface as IndexerAction;
use Magento\Framework\Mview\ActionInterface as MviewAction;
use Psr\Log\LoggerInterface;

/**
 * One Magento indexer per feed (etc/indexer.xml, virtual types in etc/di.xml name the feed):
 * a full reindex (bin/magento indexer:reindex, or cron for an invalid indexer) is a full sync,
 * mview's changed ids are an incremental sync. All work is the sync engine's.
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
        $this->run(null);
    }

    public function executeList(array $ids)
    {
        $this->run($ids);
    }

    public function executeRow($id)
    {
        $this->run([(int) $id]);
    }

    public function execute($ids)
    {
        $this->run(array_map('intval', (array) $ids));
    }

    /**
     * Throws when the feed is busy (another run holds its lock): Magento then keeps the indexer
     * invalid (full) or the changelog position where it was (mview), so nothing is lost.
     *
     * @param list<int>|null $ids changed ids (changelog or Magento's), null for everything
     */
    private function run(?array $ids): void
    {
        $services = $this->services->services();
        if (!$services->config()->isConfigured()) {
            $this->logger->info("aco: {$this->feed} not synced: the connector is not configured (bin/magento aco:config:init)");
            return;
        }
        $feed = Feed::named($this->feed);
        $sync = $services->sync($services->config()->sync()['batch_size'], [], new LogRouter([$this->logger, 'log'], $services->config()->logLevel()));
        $report = $ids === null ? $sync->full($feed) : $sync->entities($feed, $services->changes()->affected($feed, $ids));
        if ($report->busy) {
            throw new \RuntimeException("aco: the {$this->feed} feed is being synced by another process; try again when it is done");
        }
        if ($ids === null) {
            $services->config()->fullSyncDone($this->feed);
        } else {
            // as the module's own change capture does on commit: a category's or attribute's change
            // reaches the products it routes or carries, which the products view then sends
            $services->changes()->forward($feed, $ids);
        }
        $this->logger->info('aco: sync', $report->toArray());
    }
}
