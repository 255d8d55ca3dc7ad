<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Reliability;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Test\Support\SyncHarness;
use Aco\Connector\Tools\ConsistencyCheck;
use PHPUnit\Framework\TestCase;

/**
 * Faults never lose or corrupt data: after each fault plan, syncing until nothing is due leaves ACO
 * (the emulator) holding exactly what the catalog maps to — every item present and identical, nothing
 * extra — and the feed tables never claim "sent" for an item ACO does not have.
 */
final class FaultSuiteTest extends TestCase
{
    private SyncHarness $h;

    protected function setUp(): void
    {
        // fast transport retries: a test's fault plan must be able to exhaust them
        $this->h = new SyncHarness(60, [], ['max_attempts' => 2, 'timeout_ms' => 800]);
    }

    protected function tearDown(): void
    {
        $this->h->stop();
    }

    /** Runs retries until nothing is due (moving retry times to now), as cron would over time. */
    private function converge(): void
    {
        for ($round = 0; $round < 6; $round++) {
            $due = 0;
            foreach (Feed::all() as $feed) {
                $this->h->pdo->exec("UPDATE {$feed->table()} SET next_retry_at = NOW() - INTERVAL 1 SECOND WHERE status = " . ItemStatus::RETRY);
                $due += (int) $this->h->pdo->query("SELECT COUNT(*) FROM {$feed->table()} WHERE status IN (0, 2)")->fetchColumn();
                $this->h->sync()->retry($feed);
            }
            if ($due === 0) {
                return;
            }
        }
    }

    private function assertAcoMatchesTheCatalog(string $scenario): void
    {
        $catalog = SampleDatabase::catalog(new CatalogSchema($this->h->db));
        self::assertSame([], ConsistencyCheck::differences($this->h->db, $catalog, $this->h->emulator), $scenario);
    }

    /** @dataProvider faultPlans */
    public function test_after_faults_aco_holds_exactly_the_catalog(array $plan): void
    {
        $this->h->emulator->call('PUT', '/_emulator/faults', $plan);
        $this->h->fullSync();
        $this->h->emulator->call('PUT', '/_emulator/faults', []);
        $this->converge();
        $this->assertAcoMatchesTheCatalog(json_encode($plan));
        $invalid = (int) $this->h->pdo->query('SELECT COUNT(*) FROM aco_feed_products WHERE status = ' . ItemStatus::REFUSED)->fetchColumn();
        $views = isset($plan['rejectSkus'])
            ? (int) $this->h->pdo->query("SELECT COUNT(*) FROM catalog_product_website w JOIN store s ON s.website_id = w.website_id JOIN catalog_product_entity e ON e.entity_id = w.product_id WHERE e.sku IN ('SKU-0000012', 'SKU-0000033')")->fetchColumn()
            : 0;
        self::assertSame($views, $invalid, 'only the refused SKUs are left out, in each of their store views');
    }

    /** @return iterable<string, array{array<string, mixed>}> */
    public static function faultPlans(): iterable
    {
        yield '429 storm with Retry-After' => [['failNext' => 6, 'failStatus' => 429, 'retryAfter' => 1]];
        yield '429 storm without Retry-After' => [['failNext' => 8, 'failStatus' => 429]];
        yield '500/502/503/504 burst' => [['failNext' => 5, 'failStatus' => 502]];
        yield 'long 503 outage' => [['failNext' => 40, 'failStatus' => 503]];
        yield 'hung requests (client timeouts)' => [['hangNext' => 2, 'hangMs' => 1500]];
        yield 'connections dropped before an answer' => [['dropNext' => 4]];
        yield 'stored, then the answer lost' => [['dropAfterStoreNext' => 4]];
        yield 'partial 400s' => [['rejectSkus' => ['SKU-0000012', 'SKU-0000033']]];
    }

    public function test_token_expiry_and_an_ims_outage_lose_nothing(): void
    {
        $sync = $this->h->sync();
        $sync->full(Feed::named(Feed::PRODUCT_ATTRIBUTES));
        $this->h->emulator->call('POST', '/_emulator/tokens/expire');
        $this->h->fullSync();
        $this->assertAcoMatchesTheCatalog('token expired mid-run');

        // IMS unreachable: the client of a fresh run cannot get a token; items wait for a retry
        $down = new \Aco\Native\Client($this->h->emulator->clientConfig(['ims_base_url' => 'http://127.0.0.1:9', 'max_attempts' => 1]));
        $this->h->pdo->exec("UPDATE catalog_product_entity_varchar SET value = 'During IMS outage' WHERE attribute_id = 73 AND store_id = 0 AND entity_id = 6");
        $schema = new CatalogSchema($this->h->db);
        $source = new \Aco\Connector\Model\Feed\CatalogSource(SampleDatabase::catalog($schema), new ProductReader($schema), SampleDatabase::prices($schema), 100);
        $report = (new \Aco\Connector\Model\Feed\FeedSync($this->h->db, $down, $source, 3))->entities(Feed::named(Feed::PRODUCTS), [6]);
        self::assertSame($report->sent, $report->failed);
        $this->converge();
        $this->assertAcoMatchesTheCatalog('IMS outage');
    }

    public function test_changes_and_deletes_under_faults_converge(): void
    {
        $this->h->fullSync();
        $pdo = $this->h->pdo;
        $pdo->exec("UPDATE catalog_product_entity_varchar SET value = CONCAT(value, ' v2') WHERE attribute_id = 73 AND store_id = 0 AND entity_id BETWEEN 1 AND 20");
        $pdo->exec('DELETE FROM catalog_product_entity WHERE entity_id IN (27, 28)');
        $pdo->exec("UPDATE store SET aco_exporter_enabled = 0 WHERE code = 'fr'");
        $this->h->emulator->call('PUT', '/_emulator/faults', ['failNext' => 3, 'failStatus' => 503, 'dropAfterStoreNext' => 2]);
        $this->h->fullSync();
        $this->h->emulator->call('PUT', '/_emulator/faults', []);
        $this->converge();
        $this->assertAcoMatchesTheCatalog('changes, deletes and a switched-off store view under faults');
    }
}
