<?php
declare(strict_types=1);

namespace Aco\Connector\Cron;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\LogRouter;
use Aco\Connector\Model\ServicesProvider;
use Psr\Log\LoggerInterface;

/**
 * Every minute, for one lane of feeds (Feed::LANES; a cron job and group each, so the lanes run side
 * by side): the full syncs that were scheduled (new connection, exporter switch flipped), then the
 * failed items whose retry time has come. Deltas arrive through the feeds' mview indexers.
 */
class SyncScheduled
{
    private ServicesProvider $services;
    private LoggerInterface $logger;
    private string $lane;

    public function __construct(ServicesProvider $services, LoggerInterface $logger, string $lane)
    {
        $this->services = $services;
        $this->logger = $logger;
        $this->lane = $lane;
    }

    public function execute(): void
    {
        $services = $this->services->services();
        $config = $services->config();
        if (!$config->isConfigured()) {
            return;
        }
        $sync = $services->sync($config->sync()['batch_size'], [], new LogRouter([$this->logger, 'log'], $config->logLevel()));
        $requested = $config->fullSyncRequested();
        foreach (Feed::lane($this->lane) as $feed) {
            if (in_array($feed->name, $requested, true)) {
                $report = $sync->full($feed);
                if (!$report->busy && $report->pausedUntil === null) {
                    $config->fullSyncDone($feed->name);
                }
                $this->logger->info('aco: scheduled full sync', $report->toArray());
            }
            $retry = $sync->retry($feed);
            if ($retry->sent + $retry->deleted > 0) {
                $this->logger->info('aco: retries', $retry->toArray());
            }
        }
    }
}
