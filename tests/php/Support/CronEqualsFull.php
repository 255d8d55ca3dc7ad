<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Support;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Tools\ConsistencyCheck;

/**
 * The change-capture rule's check (docs/architecture.md): after a change and the cron path, a full
 * sync sends nothing and ACO holds what the catalog maps to.
 */
trait CronEqualsFull
{
    /**
     * The sample catalog with change capture, synced whole as cron does after aco:config:init.
     *
     * @param array<string, mixed> $clientOverrides
     */
    private function synced(int $products = 100, array $clientOverrides = []): SyncHarness
    {
        $h = new SyncHarness($products, [], $clientOverrides);
        $capture = new ChangeCapture($h->db);
        $capture->install();
        (new FullSyncQueue($h->db))->request(Feed::ORDER);
        $h->cycle($capture)->run(Feed::all());
        return $h;
    }

    private function assertFullSendsNothing(SyncHarness $h, ChangeCapture $capture, string $kind): void
    {
        $sync = $h->sync($capture);
        $sent = [];
        foreach (Feed::all() as $feed) {
            $report = $sync->full($feed);
            if ($report->sent + $report->deleted > 0) {
                $sent[] = "{$feed->name}: {$report->sent} sent, {$report->deleted} deleted";
            }
        }
        self::assertSame([], $sent, "after \"$kind\" the cron path left these to a full sync");
        self::assertSame([], ConsistencyCheck::differences($h->db, SampleDatabase::catalog(new CatalogSchema($h->db)), $h->emulator), $kind);
    }
}
