<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Budget\Limits;
use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Test\Support\FakeClock;
use Aco\Connector\Test\Support\SyncHarness;
use PHPUnit\Framework\TestCase;

/**
 * A full sync waiting for budget in the middle of a batch sends the edits captured meanwhile; one of
 * that batch's entities waits for the batch (its payload there may predate the edit) and does not
 * hold the others back (it did: under ACO's limits every edit then waited up to a minute); when the
 * daily quota stops that batch, the edit stays in the changelog for the next incremental run.
 */
final class DeltasWhileWaitingTest extends TestCase
{
    public function test_an_edit_of_the_batch_being_sent_holds_back_only_itself(): void
    {
        // 10 products a request, 28 a window for full syncs: each batch of 20 products (~56 records) waits for budget
        $h = new SyncHarness(40, [], ['max_items_per_request' => 10]);
        try {
            $h->pdo->exec('DELETE FROM aco_rate_budget');
            $capture = new ChangeCapture($h->db);
            $capture->install();
            $name = static fn (int $id): ?string => $h->emulator->product('default', sprintf('SKU-%07d', $id))['name'] ?? null;
            $batchesDone = 0;
            $arrived = [];
            $clock = new FakeClock();
            // the first wait is in the first batch (entities 1-20): product 6 of it and product 36 of the next are renamed
            $clock->onSleep = static function () use ($h, $name, &$batchesDone, &$arrived): void {
                if ($arrived === []) {
                    foreach ([6, 36] as $id) {
                        $h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Edited $id' WHERE entity_id = $id AND attribute_id = 73 AND store_id = 0");
                        $arrived[$id] = null;
                    }
                }
                foreach ($arrived as $id => $batches) {
                    if ($batches === null && $name($id) === "Edited $id") {
                        $arrived[$id] = $batchesDone;
                    }
                }
            };
            $budget = new SharedBudget($h->db, 'emulator', Limits::fromSettings(['products_per_minute' => 30]), $clock);
            $report = $h->sync($capture, 20, $budget)->full(Feed::named(Feed::PRODUCTS), false, static function () use (&$batchesDone): void {
                $batchesDone++;
            });

            self::assertSame(0, $arrived[36], 'the edit of an entity outside the batch went while the batch waited');
            self::assertGreaterThanOrEqual(1, $arrived[6] ?? 1, 'the edit of the batch being sent waited for it');
            self::assertSame($report->sent, $report->accepted);
            self::assertSame('Edited 6', $name(6));
            self::assertSame('Edited 36', $name(36));
            self::assertSame([], $capture->pending(Feed::named(Feed::PRODUCTS))['ids'], 'the changelog was consumed');
        } finally {
            $h->stop();
        }
    }

    public function test_an_edit_held_for_a_batch_the_daily_quota_stops_is_left_in_the_changelog(): void
    {
        $h = new SyncHarness(40, [], ['max_items_per_request' => 10]);
        try {
            $h->pdo->exec('DELETE FROM aco_rate_budget');
            $capture = new ChangeCapture($h->db);
            $capture->install();
            $feed = Feed::named(Feed::PRODUCTS);
            $clock = new FakeClock();
            $clock->onSleep = static function () use ($h): void {
                $h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Edited 6' WHERE entity_id = 6 AND attribute_id = 73 AND store_id = 0");
            };
            // the first batch (entities 1-20) waits for the minute, product 6 of it is renamed, then the day's 54 end it
            $budget = new SharedBudget($h->db, 'emulator', Limits::fromSettings(['products_per_minute' => 30, 'products_per_day' => 60]), $clock);
            $report = $h->sync($capture, 20, $budget)->full($feed);

            self::assertNotNull($report->pausedUntil);
            self::assertContains(6, $capture->pending($feed)['ids'], 'the next incremental run sends it');
        } finally {
            $h->stop();
        }
    }
}
