<?php
/**
 * The whole send path, extension vs pure PHP, on the same generated catalog: reader chunks →
 * mapping → HTTP to the emulator (limits off), products then prices, no feed-state writes on either
 * side (that part is the same PHP code in both designs). The PHP pipeline is the reference mappings
 * (tools/Reference) + json bodies of 100 items + curl on one keep-alive connection; the extension's is
 * Catalog + Client::submitBatch (its own I/O thread, concurrency 4). Prints wall time and this
 * process's CPU per 1k items for each, and the ratio. Every item must be accepted on both sides.
 * Run inside scripts/mariadb.sh run:
 *
 *   php -d extension=target/release/libaco_connector.so benches/php-pipeline.php [--products 10000]
 */
declare(strict_types=1);

require __DIR__ . '/../vendor/autoload.php';

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Tools\Bench;
use Aco\Connector\Tools\EmulatorProcess;
use Aco\Connector\Tools\Reference\PriceMapping;
use Aco\Connector\Tools\Reference\ProductMapping;
use Aco\Connector\Tools\SampleCatalog\Generator;

Bench::requireSetup('php-pipeline bench', true, 'make bench-pipeline');
$n = (int) (getopt('', ['products:'])['products'] ?? 10000);
$pdo = Bench::pdo();
(new Generator($pdo, $n, 2, 3, 42))->generate();
$schema = new CatalogSchema(new Database($pdo));
$built = SampleDatabase::context($schema);
$emulator = new EmulatorProcess(['--max-items', '1000']);
$feeds = [
    'products' => [new ProductReader($schema), new ProductMapping($built['context'], $built['settings']), '/v1/catalog/products'],
    'prices' => [SampleDatabase::prices($schema), new PriceMapping($built['context'], $built['settings']), '/v1/catalog/products/prices'],
];

/** The extension: map, queue, let the I/O thread send; drain results as they come. */
$native = static function () use ($built, $emulator, $feeds): int {
    $catalog = new Aco\Native\Catalog($built['context'], $built['settings']);
    $client = new Aco\Native\Client($emulator->clientConfig(['concurrency' => 4]));
    $accepted = 0;
    foreach ($feeds as $feed => [$reader]) {
        foreach ($reader->chunks(1000) as $chunk) {
            $client->submitBatch($catalog->$feed($chunk));
            $accepted += count(array_filter(array_column($client->results(), 'accepted')));
        }
    }
    return $accepted + count(array_filter(array_column($client->wait(), 'accepted')));
};

/** Pure PHP: map, encode bodies of 100, POST each with curl. */
$php = static function () use ($emulator, $feeds): int {
    $curl = curl_init();
    curl_setopt_array($curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_POST => true]);
    curl_setopt($curl, CURLOPT_URL, $emulator->url() . '/ims/token/v3');
    curl_setopt($curl, CURLOPT_POSTFIELDS, http_build_query(['client_id' => EmulatorProcess::CLIENT_ID, 'client_secret' => EmulatorProcess::CLIENT_SECRET,
        'grant_type' => 'client_credentials', 'scope' => 'openid,AdobeID,commerce.aco.ingestion,email,profile']));
    $token = json_decode((string) curl_exec($curl), true)['access_token'] ?? '';
    curl_setopt($curl, CURLOPT_HTTPHEADER, ['Content-Type: application/json', "Authorization: Bearer $token"]);
    $accepted = 0;
    foreach ($feeds as [$reader, $reference, $path]) {
        curl_setopt($curl, CURLOPT_URL, $emulator->url() . '/' . EmulatorProcess::TENANT . $path);
        foreach ($reader->chunks(1000) as $chunk) {
            $payloads = array_filter(array_column($reference->map($chunk), 'payload'));
            foreach (array_chunk($payloads, 100) as $body) {
                curl_setopt($curl, CURLOPT_POSTFIELDS, '[' . implode(',', $body) . ']');
                $answer = json_decode((string) curl_exec($curl), true);
                $accepted += curl_getinfo($curl, CURLINFO_RESPONSE_CODE) === 200 ? (int) ($answer['acceptedCount'] ?? 0) : 0;
            }
        }
    }
    curl_close($curl);
    return $accepted;
};

$cpu = Bench::cpuSeconds(...);
$runs = ['PHP reference + curl' => [], 'extension' => []];
$expected = null;
for ($pass = 0; $pass < 3; $pass++) {
    foreach (['PHP reference + curl' => $php, 'extension' => $native] as $name => $pipeline) {
        $emulator->call('POST', '/_emulator/reset');
        [$w, $c] = [microtime(true), $cpu()];
        $accepted = $pipeline();
        $runs[$name][] = [microtime(true) - $w, $cpu() - $c];
        $expected ??= $accepted;
        if ($accepted !== $expected || $accepted === 0) {
            fwrite(STDERR, "php-pipeline bench: $name had $accepted items accepted, expected $expected; no figures\n");
            exit(1);
        }
    }
}
printf("Send path (read + map + HTTP, no feed state): %d products, %d items, median of 3\n", $n, $expected);
printf("  %-24s %10s %12s %16s\n", '', 'wall s', 'items/s', 'PHP CPU ms/1k');
$cpuPerK = [];
foreach ($runs as $name => $r) {
    usort($r, static fn ($a, $b) => $a[1] <=> $b[1]);
    [$wall, $cpuSecs] = $r[1];
    $cpuPerK[$name] = $cpuSecs * 1e6 / $expected;
    printf("  %-24s %10.2f %12.0f %16.2f\n", $name, $wall, $expected / $wall, $cpuPerK[$name]);
}
printf("  PHP pipeline / extension: %.1fx CPU per item\n", $cpuPerK['PHP reference + curl'] / $cpuPerK['extension']);
$emulator->stop();
