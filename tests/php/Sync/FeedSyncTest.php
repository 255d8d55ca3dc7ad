<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedLock;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Test\Support\SyncHarness;
use Aco\Connector\Test\Support\TestDatabase;
use PHPUnit\Framework\TestCase;

/**
 * The sync engine end to end: sample catalog in MariaDB → extension → emulator, with feed state.
 */
final class FeedSyncTest extends TestCase
{
    private SyncHarness $h;

    protected function setUp(): void
    {
        $this->h = new SyncHarness(120);
    }

    protected function tearDown(): void
    {
        $this->h->stop();
    }

    /** Items sent in requests after $from, by path. @return array<string, int> */
    private function sentSince(int $from): array
    {
        $out = [];
        foreach ($this->h->requestsSince($from) as $r) {
            $out[$r['path']] = ($out[$r['path']] ?? 0) + $r['items'];
        }
        return $out;
    }

    public function test_a_full_sync_lands_every_item_and_an_unchanged_rerun_sends_nothing(): void
    {
        $reports = $this->h->fullSync();
        foreach ($reports as $feed => $report) {
            self::assertFalse($report->busy);
            self::assertSame(0, $report->failed, $feed);
            self::assertSame(0, $report->invalid, $feed);
            self::assertSame($report->seen, $report->sent, "$feed: a first sync sends everything");
            self::assertSame($report->sent, $report->accepted, $feed);
            self::assertSame($report->accepted, $this->h->state($feed)->counts()['sent'], "$feed: feed table agrees");
        }
        $emulator = $this->h->emulator;
        foreach (['productMetadata' => 'productAttributes', 'categories' => 'categories', 'products' => 'products', 'priceBooks' => 'priceBooks', 'prices' => 'prices'] as $entity => $feed) {
            self::assertSame($reports[$feed]->accepted, $emulator->count($entity), "emulator holds every $feed item");
        }

        $before = $this->h->requestCount();
        $again = $this->h->fullSync();
        foreach ($again as $feed => $report) {
            self::assertSame(0, $report->sent, "$feed: unchanged catalog, nothing sent");
            self::assertSame($report->seen, $report->unchanged);
            self::assertSame(0, $report->deleted);
        }
        self::assertSame($before, $this->h->requestCount(), 'no request at all');
    }

    public function test_a_name_change_and_a_price_change_send_exactly_those_items(): void
    {
        $this->h->fullSync();
        $pdo = $this->h->pdo;
        // product 6 (simple, in both websites): default name (English view only; de/fr have their own)
        $pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Renamed Tee' WHERE entity_id = 6 AND attribute_id = 73 AND store_id = 0");
        $pdo->exec("UPDATE catalog_product_entity_decimal SET value = value + 1 WHERE entity_id = 7 AND attribute_id = 77 AND store_id = 0");
        $from = $this->h->requestCount();
        $sync = $this->h->sync();
        $products = $sync->entities(Feed::named(Feed::PRODUCTS), [6, 7]);
        $prices = $sync->entities(Feed::named(Feed::PRICES), [6, 7]);
        self::assertSame(1, $products->sent, 'only the English store view of product 6 changed');
        self::assertSame(1, $prices->sent, 'product 7 in website 1: its base book, which its group books fall back to (website 2 has its own price)');
        self::assertSame(['/test-tenant/v1/catalog/products' => 1, '/test-tenant/v1/catalog/products/prices' => 1], $this->sentSince($from));
        $product = $this->h->emulator->call('GET', '/_emulator/product?locale=default&sku=SKU-0000006');
        self::assertSame('Renamed Tee', $product['name']);
    }

    public function test_deletes_reach_aco_for_removed_products_unassigned_websites_and_switched_off_store_views(): void
    {
        $this->h->fullSync();
        $pdo = $this->h->pdo;
        $emulator = $this->h->emulator;
        $inBoth = (int) $pdo->query('SELECT product_id FROM catalog_product_website WHERE website_id = 2 AND product_id > 10 AND product_id % 10 > 6 ORDER BY product_id LIMIT 1')->fetchColumn();
        $sku = sprintf('SKU-%07d', $inBoth);
        // what ACO holds of their prices: every book of their websites that the mapping produced
        $held = (int) $pdo->query("SELECT COUNT(*) FROM aco_feed_prices WHERE is_deleted = 0 AND (source_entity_id = 7 OR source_entity_id = $inBoth AND scope LIKE 'eu%')")->fetchColumn();
        $pdo->exec("DELETE FROM catalog_product_entity WHERE entity_id = 7");
        $pdo->exec("DELETE FROM catalog_product_website WHERE product_id = $inBoth AND website_id = 2");
        $sync = $this->h->sync();
        $products = $sync->entities(Feed::named(Feed::PRODUCTS), [7, $inBoth]);
        $prices = $sync->entities(Feed::named(Feed::PRICES), [7, $inBoth]);
        self::assertSame(3 + 2, $products->deleted, 'product 7 from 3 store views, the other from de and fr');
        self::assertGreaterThanOrEqual(2 + 1, $held, 'at least the base books: product 7 of 2 websites, the other of website 2');
        self::assertSame($held, $prices->deleted, 'product 7: all its prices; the other: those of website 2');
        self::assertSame(404, $this->statusOf("/_emulator/product?locale=de&sku=SKU-0000007"));
        self::assertSame(200, $this->statusOf("/_emulator/product?locale=default&sku=$sku"));
        self::assertSame(404, $this->statusOf("/_emulator/product?locale=de&sku=$sku"));

        // switch the French store view off: a full sync removes what was sent for it
        $pdo->exec("UPDATE store SET aco_exporter_enabled = 0 WHERE code = 'fr'");
        $before = $emulator->call('GET', '/_emulator/counts')['products']['fr'];
        $report = $this->h->sync()->full(Feed::named(Feed::PRODUCTS));
        self::assertSame($before, $report->deleted);
        self::assertArrayNotHasKey('fr', $emulator->call('GET', '/_emulator/counts')['products']);
        self::assertSame($report->deleted, $this->h->state('products')->counts()['deleted'] - 5, 'recorded as deleted');
    }

    private function statusOf(string $path): int
    {
        $context = stream_context_create(['http' => ['ignore_errors' => true]]);
        file_get_contents($this->h->emulator->url() . $path, false, $context);
        return (int) explode(' ', $http_response_header[0])[1];
    }

    public function test_failed_items_back_off_are_retried_and_then_succeed(): void
    {
        $h = new SyncHarness(30, [], ['max_attempts' => 1]);
        try {
            $h->emulator->call('PUT', '/_emulator/faults', ['failNext' => 1000, 'failStatus' => 503]);
            $report = $h->sync()->full(Feed::named(Feed::PRODUCTS));
            self::assertSame($report->sent, $report->failed);
            $counts = $h->state('products')->counts();
            self::assertSame($report->sent, $counts['retry']);
            // nothing is due yet: a retry run now resends nothing
            self::assertSame(0, $h->sync()->retry(Feed::named(Feed::PRODUCTS))->sent);
            $h->emulator->call('PUT', '/_emulator/faults', []);
            $h->pdo->exec('UPDATE aco_feed_products SET next_retry_at = NOW() - INTERVAL 1 SECOND');
            $retry = $h->sync()->retry(Feed::named(Feed::PRODUCTS));
            self::assertSame($report->sent, $retry->accepted);
            self::assertSame($report->sent, $h->state('products')->counts()['sent']);
            self::assertSame($report->sent, $h->emulator->count('products'));
        } finally {
            $h->stop();
        }
    }

    public function test_repeated_failures_end_as_needs_attention_and_refused_items_wait_for_a_change(): void
    {
        $this->h->emulator->call('PUT', '/_emulator/faults', ['rejectSkus' => ['SKU-0000006']]);
        $sync = $this->h->sync();
        $report = $sync->full(Feed::named(Feed::PRODUCTS));
        $views = (int) $this->h->pdo->query('SELECT COUNT(*) FROM catalog_product_website w JOIN store s ON s.website_id = w.website_id WHERE w.product_id = 6')->fetchColumn();
        self::assertSame($views, $report->failed, 'SKU-0000006 in each of its store views');
        // refused by ACO, not before sending; ACO's message names its field too, the row names it once
        $refused = $this->h->pdo->query('SELECT item_key, error_status, error_field, error_message FROM aco_feed_products WHERE status = ' . ItemStatus::REFUSED)->fetchAll(\PDO::FETCH_NUM);
        self::assertSame([['SKU-0000006', 400, 'sku', "rejected by the emulator's fault plan"]], array_values(array_unique(array_map(static fn ($r) => [$r[0], (int) $r[1], $r[2], $r[3]], $refused), SORT_REGULAR)));
        self::assertSame(0, $this->h->sync()->full(Feed::named(Feed::PRODUCTS))->sent, 'a refused item is not resent unchanged');

        // the same items failing for the third time in a row with a retryable error (ACO down)
        $this->h->emulator->call('PUT', '/_emulator/faults', ['failNext' => 1000, 'failStatus' => 503]);
        $this->h->pdo->exec("UPDATE aco_feed_products SET status = " . ItemStatus::RETRY . ", attempts = 2, next_retry_at = NOW() - INTERVAL 1 SECOND WHERE item_key = 'SKU-0000006'");
        $this->h->sync()->retry(Feed::named(Feed::PRODUCTS));
        self::assertSame($views, $this->h->state('products')->counts()['needs attention'], 'third failure in a row (max 3 attempts)');
    }

    public function test_edits_made_during_a_full_sync_are_not_starved_by_it(): void
    {
        $pdo = $this->h->pdo;
        $capture = new \Aco\Connector\Model\Feed\ChangeCapture($this->h->db);
        $capture->install();
        $sync = $this->h->sync($capture, 20);
        $edited = false;
        // after the first chunk (entities 1-20), an admin renames product 6, which the sync has passed
        $report = $sync->full(Feed::named(Feed::PRODUCTS), null, static function () use ($pdo, &$edited): void {
            if (!$edited) {
                $pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Edited mid-sync' WHERE entity_id = 6 AND attribute_id = 73 AND store_id = 0");
                $edited = true;
            }
        });
        self::assertFalse($report->busy);
        self::assertSame('Edited mid-sync', $this->h->emulator->call('GET', '/_emulator/product?locale=default&sku=SKU-0000006')['name'],
            'the edit reached ACO within the same run');
        self::assertSame([], $capture->pending(Feed::named(Feed::PRODUCTS))->ids, 'and the changelog was consumed');
    }

    public function test_a_full_sync_that_dies_after_sending_deltas_leaves_them_in_the_changelog(): void
    {
        $pdo = $this->h->pdo;
        $capture = new \Aco\Connector\Model\Feed\ChangeCapture($this->h->db);
        $capture->install();
        $chunks = 0;
        try {
            $this->h->sync($capture, 20)->full(Feed::named(Feed::PRODUCTS), null, static function () use ($pdo, &$chunks): void {
                if (++$chunks === 1) {
                    $pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'Edited mid-sync' WHERE entity_id = 6 AND attribute_id = 73 AND store_id = 0");
                } elseif ($chunks === 3) {
                    throw new \RuntimeException('the process dies'); // after the delta of product 6 went out
                }
            });
            self::fail('the run should have died');
        } catch (\RuntimeException $e) {
            self::assertSame('the process dies', $e->getMessage());
        }
        self::assertContains(6, $capture->pending(Feed::named(Feed::PRODUCTS))->ids, 'the next incremental run still sees the edit');
    }

    public function test_a_full_runs_resume_position_only_passes_entities_whose_items_aco_answered(): void
    {
        // answers lag behind submissions: the upload runs while the next chunk is read
        $this->h->emulator->call('PUT', '/_emulator/faults', ['latencyMs' => 50]);
        $pdo = $this->h->pdo;
        $snapshots = [];
        $lagged = false;
        $report = $this->h->sync(null, 10)->full(Feed::named(Feed::PRODUCTS), null, static function ($report) use ($pdo, &$snapshots, &$lagged): void {
            $lagged = $lagged || $report->sent > $report->accepted + $report->failed;
            $position = (int) $pdo->query("SELECT last_entity_id FROM aco_sync_run WHERE run_id = {$report->runId}")->fetchColumn();
            $answered = $pdo->query('SELECT feed_id FROM aco_feed_products WHERE status = ' . ItemStatus::SENT)->fetchAll(\PDO::FETCH_COLUMN);
            $snapshots[] = [$position, array_flip($answered)];
            usleep(30000); // reading the next chunk takes a while: some answers arrive meanwhile
        });
        self::assertSame($report->sent, $report->accepted);
        self::assertTrue($lagged, 'some answers were still outstanding when a chunk was done');
        self::assertGreaterThan(0, max(array_column($snapshots, 0)), 'the position moved during the run');
        $rows = $pdo->query('SELECT feed_id, source_entity_id FROM aco_feed_products')->fetchAll(\PDO::FETCH_NUM);
        foreach ($snapshots as [$position, $answered]) {
            foreach ($rows as [$feedId, $entityId]) {
                if ((int) $entityId <= $position) {
                    self::assertArrayHasKey($feedId, $answered, "position $position passed entity $entityId before ACO answered for it");
                }
            }
        }
        self::assertSame(120, (int) $pdo->query("SELECT last_entity_id FROM aco_sync_run WHERE run_id = {$report->runId}")->fetchColumn(),
            'the finished run is past every entity');
    }

    public function test_a_set_of_answers_is_written_whole_or_not_at_all_and_long_answer_texts_are_clipped(): void
    {
        $state = $this->h->state(Feed::PRODUCTS);
        $row = static fn (string $id, $entityId): array => ['feedId' => str_repeat($id, 40), 'entityId' => $entityId, 'scope' => 'default',
            'key' => "SKU-$id", 'hash' => str_repeat('f', 40), 'delete' => "{\"sku\":\"SKU-$id\"}"];
        $answer = static fn (string $id, bool $accepted): array => ['id' => str_repeat($id, 40), 'accepted' => $accepted, 'status' => $accepted ? 200 : 400,
            'code' => $accepted ? null : str_repeat('attributes.x', 30), 'message' => $accepted ? null : str_repeat('ü', 3000), 'retryable' => false, 'requestId' => str_repeat('r', 100)];
        $count = fn (): int => (int) $this->h->pdo->query('SELECT COUNT(*) FROM aco_feed_products')->fetchColumn();

        // the refused item's row cannot be written (an entity id that is no number): nor is the accepted one
        try {
            $state->applyResults([$answer('a', true), $answer('b', false)], [str_repeat('a', 40) => $row('a', 1), str_repeat('b', 40) => $row('b', 'not a number')], 1);
            self::fail('a row that cannot be written fails the write');
        } catch (\PDOException $e) {
            self::assertSame(0, $count(), 'nothing of the answers is written');
            self::assertFalse($this->h->pdo->inTransaction());
        }

        $state->applyResults([$answer('a', true), $answer('b', false)], [str_repeat('a', 40) => $row('a', 1), str_repeat('b', 40) => $row('b', 2)], 1);
        self::assertSame(2, $count());
        $failed = $this->h->pdo->query("SELECT error_field, error_message, request_id FROM aco_feed_products WHERE item_key = 'SKU-b'")->fetch(\PDO::FETCH_NUM);
        self::assertSame([255, 2000, 64], [strlen($failed[0]), mb_strlen($failed[1]), strlen($failed[2])]);
    }

    public function test_a_batch_larger_than_a_slice_goes_out_in_slices_and_its_window_is_passed_only_when_all_are_answered(): void
    {
        $h = new SyncHarness(1000);
        try {
            $pdo = $h->pdo;
            // the last products of the one price batch have a negative price: refused by the mapping
            $pdo->exec('UPDATE catalog_product_entity_decimal SET value = -5 WHERE attribute_id = 77 AND entity_id > 900');
            // the first request (of the first slice) is held until the batch has been handed over:
            // its answer cannot be in when the position is read, however fast the others come back
            $h->emulator->call('PUT', '/_emulator/faults', ['holdNext' => 1]);
            $positions = [];
            $report = $h->sync(null, 500)->full(Feed::named(Feed::PRICES), null, static function ($report) use ($h, $pdo, &$positions): void {
                $positions[] = (int) $pdo->query("SELECT last_entity_id FROM aco_sync_run WHERE run_id = {$report->runId}")->fetchColumn();
                $h->emulator->call('PUT', '/_emulator/faults', ['holdNext' => 0]); // releases it
            });
            self::assertGreaterThan(0, $report->invalid);
            // a slice is 1,000 items (WindowSender::SLICE): about 2 base-book prices a product, few group books
            self::assertGreaterThan(2 * 1000, $report->sent + $report->invalid, 'the one batch spans several slices');
            self::assertSame($report->sent, $report->accepted);
            self::assertSame($report->accepted, $h->state(Feed::PRICES)->counts()['sent']);
            self::assertSame(0, $positions[0], 'the first batch is not passed before its last slice is answered');
            self::assertSame(1000, (int) $pdo->query("SELECT last_entity_id FROM aco_sync_run WHERE run_id = {$report->runId}")->fetchColumn(),
                'the finished run is past every entity, refused items and all');
        } finally {
            $h->stop();
        }
    }

    public function test_an_item_that_moves_to_a_later_entity_mid_run_lands_its_newer_payload_and_the_run_still_advances(): void
    {
        // answers take long: the first chunk's items are still in flight when the second is read
        $this->h->emulator->call('PUT', '/_emulator/faults', ['latencyMs' => 300]);
        $pdo = $this->h->pdo;
        $to = (int) $pdo->query('SELECT MIN(w.product_id) FROM catalog_product_website w
            JOIN catalog_product_website six ON six.website_id = w.website_id AND six.product_id = 6
            WHERE w.product_id BETWEEN 21 AND 40')->fetchColumn();
        $name = (string) $pdo->query("SELECT value FROM catalog_product_entity_varchar WHERE entity_id = $to AND attribute_id = 73 AND store_id = 0")->fetchColumn();
        $moved = false;
        $report = $this->h->sync(null, 20)->full(Feed::named(Feed::PRODUCTS), null, static function () use ($pdo, $to, &$moved): void {
            if (!$moved) {
                // after the first chunk (entities 1-20) went out, SKU-0000006 passes from product 6 to product $to
                $pdo->exec("UPDATE catalog_product_entity SET sku = 'SKU-0000006-was' WHERE entity_id = 6");
                $pdo->exec("UPDATE catalog_product_entity SET sku = 'SKU-0000006' WHERE entity_id = $to");
                $moved = true;
            }
        });
        self::assertSame($report->sent, $report->accepted, 'every send was answered and recorded, the repeated item twice');
        self::assertSame($name, $this->h->emulator->call('GET', '/_emulator/product?locale=default&sku=SKU-0000006')['name'],
            'ACO holds the newer payload');
        $row = $pdo->query("SELECT source_entity_id, status FROM aco_feed_products WHERE item_key = 'SKU-0000006' AND scope = 'default'")->fetch(\PDO::FETCH_NUM);
        self::assertSame([$to, ItemStatus::SENT], array_map('intval', $row));
        self::assertSame(120, (int) $pdo->query("SELECT last_entity_id FROM aco_sync_run WHERE run_id = {$report->runId}")->fetchColumn(),
            'the finished run is past every entity');
    }

    public function test_feed_state_writes_leave_the_connections_prepare_mode_as_they_found_it(): void
    {
        // the upsert of full groups is prepared on the server, other statements as the caller chose
        // (Magento's adapter relies on emulated prepares); both kinds run in a 1,000-item sync
        $prices = Feed::named(Feed::PRICES);
        foreach ([false, true] as $emulated) {
            $this->h->pdo->setAttribute(\PDO::ATTR_EMULATE_PREPARES, $emulated);
            $this->h->state('prices')->reset(null);
            $report = $this->h->sync()->full($prices);
            self::assertGreaterThan(100, $report->accepted);
            self::assertSame($report->accepted, $this->h->state('prices')->counts()['sent']);
            self::assertSame($emulated, (bool) $this->h->pdo->getAttribute(\PDO::ATTR_EMULATE_PREPARES));
        }
    }

    public function test_a_second_concurrent_run_of_a_feed_is_skipped_not_failed(): void
    {
        $other = new Database(new \PDO(...TestDatabase::connectArgs()));
        self::assertTrue(FeedLock::take($other, Feed::named(Feed::PRODUCTS)));
        $report = $this->h->sync()->full(Feed::named(Feed::PRODUCTS));
        self::assertTrue($report->busy);
        self::assertSame(0, $this->h->requestCount());
        FeedLock::release($other, Feed::named(Feed::PRODUCTS));
        self::assertFalse($this->h->sync()->full(Feed::named(Feed::PRODUCTS))->busy);
    }

    public function test_dry_run_shows_payloads_and_changes_nothing(): void
    {
        $seen = [];
        $report = $this->h->sync()->dryRun(Feed::named(Feed::PRODUCTS), [1, 2], static function (array $item, string $payload) use (&$seen): void {
            $seen[$item['key'] . '@' . $item['scope']] = json_decode($payload, true);
        });
        $storeViews = (int) $this->h->pdo->query('SELECT COUNT(*) FROM catalog_product_website w JOIN store s ON s.website_id = w.website_id WHERE w.product_id IN (1, 2)')->fetchColumn();
        self::assertSame($storeViews, $report->seen);
        self::assertSame($storeViews, count($seen));
        self::assertSame('SKU-0000001', $seen['SKU-0000001@default']['sku']);
        self::assertSame(0, $this->h->requestCount());
        self::assertSame(0, array_sum($this->h->state('products')->counts()));
    }

    public function test_a_moved_categorys_old_slug_is_a_delete_counted_in_what_is_sent(): void
    {
        $feed = Feed::named(Feed::CATEGORIES);
        self::assertSame(0, $this->h->sync()->full($feed)->failed);
        $id = (int) $this->h->pdo->query('SELECT entity_id FROM catalog_category_entity WHERE level = 3 ORDER BY entity_id LIMIT 1')->fetchColumn();
        $this->h->pdo->exec("UPDATE catalog_category_entity_varchar SET value = CONCAT(value, '-2024') WHERE entity_id = $id AND attribute_id IN (52, 53)");
        $report = $this->h->sync()->full($feed);
        self::assertGreaterThan(0, $report->deleted, 'the old slugs are deleted');
        self::assertSame($report->sent, $report->accepted + $report->failed, 'sent = accepted + failed');
    }

    public function test_dry_run_shows_the_deletes_a_sync_would_send(): void
    {
        $feed = Feed::named(Feed::PRODUCTS);
        self::assertSame(0, $this->h->sync()->full($feed)->failed);
        $views = (int) $this->h->pdo->query('SELECT COUNT(*) FROM catalog_product_website w JOIN store s ON s.website_id = w.website_id WHERE w.product_id = 3')->fetchColumn();
        $this->h->pdo->exec('DELETE FROM catalog_product_website WHERE product_id = 3');
        $requests = $this->h->requestCount();
        foreach ([null, [3]] as $ids) {
            $deletes = [];
            $report = $this->h->sync()->dryRun($feed, $ids, static function (array $item, string $payload, bool $delete) use (&$deletes): void {
                if ($delete) {
                    $deletes[] = json_decode($payload, true)['sku'];
                }
            });
            self::assertSame(array_fill(0, $views, 'SKU-0000003'), $deletes, 'one delete a store view the product left');
            self::assertSame($views, $report->deleted);
        }
        self::assertSame($requests, $this->h->requestCount(), 'nothing sent');
        self::assertSame($views, $this->h->sync()->full($feed)->deleted, 'what the sync then deletes');
    }
}
