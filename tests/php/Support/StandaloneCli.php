<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Support;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Tools\EmulatorProcess;

/**
 * bin/aco as a merchant runs it, against the private MariaDB: a sample catalog with no feed state
 * left by other tests, a fresh encryption key, aco:config:init to an emulator.
 */
final class StandaloneCli
{
    public static function bin(): string
    {
        return dirname(__DIR__, 3) . '/bin/aco';
    }

    /** A sample catalog of `$products` products, never synced, and a new ACO_ENCRYPTION_KEY. */
    public static function freshCatalog(int $products): \PDO
    {
        SampleDatabase::generate($products);
        $pdo = TestDatabase::pdo();
        foreach (Feed::all() as $feed) {
            $pdo->exec('DROP TABLE IF EXISTS ' . $feed->table());
        }
        $pdo->exec('DROP TABLE IF EXISTS aco_sync_run');
        $pdo->exec('DROP TABLE IF EXISTS aco_catalog_view');
        putenv('ACO_ENCRYPTION_KEY=' . base64_encode(random_bytes(32)));
        return $pdo;
    }

    /** `aco:config:init` to `$aco`, without client-side rate limits. @return array{status: int, stdout: string, stderr: string} */
    public static function init(EmulatorProcess $aco): array
    {
        $url = $aco->url();
        return self::run(['aco:config:init', '--org_id=o', '--tenant_id=' . EmulatorProcess::TENANT, '--client_id=' . EmulatorProcess::CLIENT_ID,
            '--client_secret=' . EmulatorProcess::CLIENT_SECRET, "--api-base-url=$url", "--ims-base-url=$url", '--requests-per-minute=1000000',
            '--products-per-minute=1000000', '--prices-per-minute=1000000']);
    }

    /** @param list<string> $args @return array{status: int, stdout: string, stderr: string} */
    public static function run(array $args): array
    {
        return Extension::runPhp(array_merge([self::bin(), '--no-ansi'], $args), true, true);
    }
}
