<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Budget\FullSyncOutlook;
use Aco\Connector\Model\Services;

/**
 * What `aco:status` and the admin's Data Feed Sync Status page say, read once here: per feed its
 * figures (FeedSummary: item counts, last run, changes waiting in its changelog) and its requested
 * full sync (queued, running or paused by the daily quota: how far, items left, when it ends); the
 * shared budget (product updates used today and left, this minute's use). Each feed's state is the connector's own (`aco_full_sync`,
 * the changelogs): Magento's indexer status says only what its index cron will ask for next.
 */
final class SyncOverview
{
    private Services $services;

    public function __construct(Services $services)
    {
        $this->services = $services;
    }

    /**
     * Each feed's figures (FeedSummary::of) with its full-sync outlook and the state line both show.
     *
     * @param list<Feed> $feeds
     * @return list<array{feed: Feed, counts: array<string, int>, failed: int, last: ?array, backlog: int, fullSync: ?array, state: string}>
     */
    public function feeds(array $feeds): array
    {
        $db = $this->services->db();
        $config = $this->services->config();
        $outlook = new FullSyncOutlook($db, $config->isConfigured() ? $this->services->budget($config) : null);
        $client = $config->isConfigured() ? new \Aco\Native\Client($config->clientConfig()) : null;
        $summary = new FeedSummary($db);
        $out = [];
        foreach ($feeds as $feed) {
            $full = $outlook->of($feed, $client?->requestShape($feed->endpoint()));
            $figures = $summary->of($feed);
            $backlog = $figures['backlog'];
            $state = $full !== null ? self::fullSync($full) : ($backlog > 0 ? "$backlog changes waiting for the next sync" : 'in sync');
            $out[] = ['feed' => $feed, ...$figures, 'fullSync' => $full, 'state' => $state];
        }
        return $out;
    }

    /**
     * The shared budget now, or null when no connection is stored or `aco/sync/enforce_limits` is 0.
     *
     * @return array{dayUsed: int, dayLeft: int, perDay: int, window: array<string, array{used: int, limit: int}>, shared: bool}|null
     */
    public function budget(): ?array
    {
        $config = $this->services->config();
        $budget = $config->isConfigured() ? $this->services->budget($config) : null;
        if ($budget === null) {
            return null;
        }
        $limits = $budget->policy()->limits();
        $usage = $budget->usage();
        $window = [];
        foreach ($usage['window'] as $name => $used) {
            $window[$name] = ['used' => $used, 'limit' => $limits->perMinute[$name]];
        }
        return ['dayUsed' => $usage['dayUsed'], 'dayLeft' => $usage['dayLeft'], 'perDay' => $limits->productsPerDay, 'window' => $window, 'shared' => $usage['shared']];
    }

    /** @param array{state: string, pausedUntil: ?float, items: int, done: float, seconds: ?float, endsAt: ?float} $full FullSyncOutlook::of */
    public static function fullSync(array $full): string
    {
        $state = $full['state'] === 'paused' ? 'paused by the daily quota until ' . gmdate('Y-m-d H:i', (int) $full['pausedUntil']) . ' UTC' : $full['state'];
        $done = $full['state'] === 'queued' ? '' : sprintf(', %d %% done', (int) floor($full['done'] * 100));
        $ends = $full['seconds'] === null ? '' : sprintf(', ends in about %s (%s UTC)', self::duration($full['seconds']), gmdate('Y-m-d H:i', (int) $full['endsAt']));
        return sprintf('full sync %s%s, about %s items left%s', $state, $done, number_format($full['items']), $ends);
    }

    private static function duration(float $seconds): string
    {
        $s = (int) ceil($seconds);
        return match (true) {
            $s >= 86400 => sprintf('%dd %dh', intdiv($s, 86400), intdiv($s % 86400, 3600)),
            $s >= 3600 => sprintf('%dh %02dm', intdiv($s, 3600), intdiv($s % 3600, 60)),
            default => sprintf('%dm %02ds', intdiv($s, 60), $s % 60),
        };
    }
}
