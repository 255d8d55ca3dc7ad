<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Budget\Limits;
use Aco\Connector\Model\Budget\SharedBudget;
use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\SyncReport;
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
    private SyncHarness $h;
    private ChangeCapture $capture;
    private FakeClock $clock;

    protected function setUp(): void
    {
        // 10 products a request, 28 a window for full syncs: each batch of 20 products (~56 records) waits for budget
        $this->h = new SyncHarness(40, [], ['max_items_per_request' => 10]);
        $this->h->pdo->exec('DELETE FROM aco_rate_budget');
        $this->capture = new ChangeCapture($this->h->db);
        $this->capture->install();
        $this->clock = new FakeClock();
    }

    protected function tearDown(): void
    {
        $this->h->stop();
    }

    private function rename(int $id): void
    {
        $this->h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Edited $id' WHERE entity_id = $id AND attribute_id = 73 AND store_id = 0");
    }

    /** A full sync of the products, 20 entities a batch, on a budget of 30 products a minute and these settings. */
    private function fullSync(array $limits = [], ?callable $progress = null): SyncReport
    {
        $budget = new SharedBudget($this->h->db, 'emulator', Limits::fromSettings($limits + ['products_per_minute' => 30]), $this->clock);
        return $this->h->sync($this->capture, 20, $budget)->full(Feed::named(Feed::PRODUCTS), null, $progress);
    }

    public function test_an_edit_of_the_batch_being_sent_holds_back_only_itself(): void
    {
        $name = fn (int $id): ?string => $this->h->emulator->product('default', sprintf('SKU-%07d', $id))['name'] ?? null;
        $batchesDone = 0;
        $arrived = [];
        // the first wait is in the first batch (entities 1-20): product 6 of it and product 36 of the next are renamed
        $this->clock->onSleep = function () use ($name, &$batchesDone, &$arrived): void {
            if ($arrived === []) {
                foreach ([6, 36] as $id) {
                    $this->rename($id);
                    $arrived[$id] = null;
                }
            }
            foreach ($arrived as $id => $batches) {
                if ($batches === null && $name($id) === "Edited $id") {
                    $arrived[$id] = $batchesDone;
                }
            }
        };
        $report = $this->fullSync([], static function () use (&$batchesDone): void {
            $batchesDone++;
        });

        self::assertSame(0, $arrived[36], 'the edit of an entity outside the batch went while the batch waited');
        self::assertGreaterThanOrEqual(1, $arrived[6] ?? 1, 'the edit of the batch being sent waited for it');
        self::assertSame($report->sent, $report->accepted);
        self::assertSame('Edited 6', $name(6));
        self::assertSame('Edited 36', $name(36));
        self::assertSame([], $this->capture->pending(Feed::named(Feed::PRODUCTS))->ids, 'the changelog was consumed');
    }

    public function test_an_edit_held_for_a_batch_the_daily_quota_stops_is_left_in_the_changelog(): void
    {
        $this->clock->onSleep = function (): void {
            $this->rename(6);
        };
        // the first batch (entities 1-20) waits for the minute, product 6 of it is renamed, then the day's 54 end it
        $report = $this->fullSync(['products_per_day' => 60]);

        self::assertNotNull($report->pausedUntil);
        self::assertContains(6, $this->capture->pending(Feed::named(Feed::PRODUCTS))->ids, 'the next incremental run sends it');
    }
}
