<?php
declare(strict_types=1);

namespace Aco\Connector\Cron;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\ServicesProvider;
use Psr\Log\LoggerInterface;

/**
 * Every minute, one lane of feeds (Feed::LANES; a cron job and group each, so Magento runs the lanes
 * side by side in processes of their own, never inside its `index` group): the sync cycle
 * (SyncCycle) — requested full syncs, captured changes, due retries.
 */
class SyncLane
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
        foreach ($services->cycle($config->sync()['batch_size'])->run(Feed::lane($this->lane)) as $report) {
            if ($report->busy) {
                $this->logger->info("aco: {$report->feed} is being synced by another process; its changes wait for the next run");
            } elseif ($report->seen + $report->sent > 0 || $report->pausedUntil !== null) {
                $this->logger->info("aco: {$report->mode} sync", $report->toArray());
            }
        }
    }
}
