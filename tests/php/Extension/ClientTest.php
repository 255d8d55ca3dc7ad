<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Extension;

use Aco\Connector\Tools\EmulatorProcess as Emulator;
use Aco\Connector\Test\Support\Extension;
use Aco\Native\Client;
use Aco\Native\InvalidArgumentException;
use PHPUnit\Framework\TestCase;

final class ClientTest extends TestCase
{
    private static Emulator $emulator;

    public static function setUpBeforeClass(): void
    {
        self::$emulator = new Emulator();
    }

    public static function tearDownAfterClass(): void
    {
        self::$emulator->stop();
    }

    protected function setUp(): void
    {
        self::$emulator->call('POST', '/_emulator/reset');
    }

    /** @return array<string, string> */
    private static function products(string $prefix, int $n): array
    {
        $items = [];
        for ($i = 0; $i < $n; $i++) {
            $sku = sprintf('%s-%03d', $prefix, $i);
            $items["p:$sku"] = json_encode(['sku' => $sku, 'source' => ['locale' => 'en_US'], 'name' => "Product $sku",
                'slug' => strtolower($sku), 'status' => 'ENABLED'], JSON_THROW_ON_ERROR);
        }
        return $items;
    }

    public function test_every_submitted_item_settles_with_a_result_naming_it(): void
    {
        $client = new Client(self::$emulator->clientConfig());
        self::assertSame(150, $client->submit('products', self::products('A', 150)));
        $results = $client->wait();
        self::assertCount(150, $results);
        foreach ($results as $r) {
            self::assertTrue($r['accepted'], json_encode($r));
            self::assertSame('products', $r['endpoint']);
            self::assertSame(200, $r['status']);
            self::assertStringStartsWith('emu-', $r['requestId']);
        }
        self::assertSame(150, self::$emulator->count('products'));
        self::assertSame(0, $client->pending());
        self::assertSame([], $client->results(), 'wait() drained them');
    }

    public function test_an_invalid_item_fails_alone_with_the_field_and_the_others_land(): void
    {
        $client = new Client(self::$emulator->clientConfig());
        $items = self::products('B', 3);
        $items['p:B-bad'] = json_encode(['sku' => 'B-bad', 'source' => ['locale' => 'en_US'], 'name' => 'x',
            'slug' => 'b', 'status' => 'LIVE']);
        $items['p:B-broken'] = '{"sku": ';
        $client->submit('products', $items);
        $byId = array_column($client->wait(), null, 'id');
        self::assertCount(5, $byId);
        self::assertFalse($byId['p:B-bad']['accepted']);
        self::assertSame([400, 'status', false], [$byId['p:B-bad']['status'], $byId['p:B-bad']['code'], $byId['p:B-bad']['retryable']]);
        self::assertFalse($byId['p:B-broken']['accepted']);
        self::assertStringContainsString('not a JSON object', $byId['p:B-broken']['message']);
        self::assertSame(3, self::$emulator->count('products'));
    }

    public function test_submit_returns_while_the_network_works(): void
    {
        // ACO holds the request until the next fault plan: submit() can only return before it is answered
        self::$emulator->call('PUT', '/_emulator/faults', ['holdNext' => 1]);
        $client = new Client(self::$emulator->clientConfig());
        $client->submit('products', self::products('C', 5));
        self::assertGreaterThan(0, $client->pending(), 'submit() waited for the network');
        self::$emulator->call('PUT', '/_emulator/faults', []);
        self::assertCount(5, $client->wait());
        self::assertSame(5, self::$emulator->count('products'));
    }

    public function test_retries_are_logged_for_the_hosts_logger(): void
    {
        self::$emulator->call('PUT', '/_emulator/faults', ['failNext' => 1, 'failStatus' => 503]);
        $client = new Client(self::$emulator->clientConfig());
        $client->submit('products', self::products('D', 1));
        $results = $client->wait();
        self::assertSame(2, $results[0]['attempts']);
        $logs = $client->logs();
        self::assertNotEmpty($logs);
        self::assertSame(['level', 'target', 'message', 'at'], array_keys($logs[0]));
        self::assertSame('aco.transport', $logs[0]['target']);
        self::assertStringContainsString('HTTP 503', implode("\n", array_column($logs, 'message')));
    }

    public function test_a_429s_retry_after_is_told_for_the_budget_other_processes_share(): void
    {
        $client = new Client(self::$emulator->clientConfig(['max_attempts' => 1]));
        self::assertSame(0.0, $client->throttledFor());
        self::$emulator->call('PUT', '/_emulator/faults', ['failNext' => 1, 'failStatus' => 429, 'retryAfter' => 90]);
        $client->submit('products', self::products('T', 1));
        self::assertFalse($client->wait()[0]['accepted']);
        // what is left of the 90 s (the margin is for a slow machine, not a race)
        self::assertGreaterThan(30.0, $client->throttledFor());
        self::assertLessThanOrEqual(90.0, $client->throttledFor());
    }

    public function test_connection_test_reports_ok_and_credential_failures(): void
    {
        self::assertTrue((new Client(self::$emulator->clientConfig()))->testConnection()['ok']);
        $report = (new Client(self::$emulator->clientConfig(['client_secret' => 'wrong-secret'])))->testConnection();
        self::assertSame([false, 'ims'], [$report['ok'], $report['stage']]);
        self::assertStringNotContainsString('wrong-secret', $report['message']);
    }

    /** @dataProvider badConfigs */
    public function test_bad_configuration_is_refused_naming_the_field(array $overrides, string $field): void
    {
        try {
            new Client(self::$emulator->clientConfig($overrides));
            self::fail('accepted');
        } catch (InvalidArgumentException $e) {
            self::assertStringStartsWith("invalid $field:", $e->getMessage());
            self::assertStringNotContainsString(Emulator::CLIENT_SECRET, $e->getMessage());
        }
    }

    /** @return iterable<string, array{array<string, mixed>, string}> */
    public static function badConfigs(): iterable
    {
        yield 'unknown region' => [['region' => 'us1'], 'region'];
        yield 'unknown type' => [['type' => 'staging'], 'type'];
        yield 'tenant with a slash' => [['tenant_id' => 'a/../b'], 'tenant_id'];
        yield 'override not allowed' => [['allow_url_override' => false], 'api_base_url'];
        yield 'plain http to a real host' => [['api_base_url' => 'http://example.com'], 'api_base_url'];
        yield 'misspelt setting' => [['concurency' => 4], 'concurency'];
        yield 'the client paces nothing: the shared budget does' => [['requests_per_minute' => 300], 'requests_per_minute'];
        yield 'wrong type' => [['concurrency' => 'four'], 'concurrency'];
        yield 'missing secret' => [['client_secret' => null], 'client_secret'];
    }

    public function test_unknown_endpoint_is_an_invalid_argument(): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('invalid endpoint: "widgets"');
        (new Client(self::$emulator->clientConfig()))->submit('widgets', []);
    }

    public function test_the_secret_never_shows_in_dumps_or_phpinfo(): void
    {
        $client = new Client(self::$emulator->clientConfig());
        ob_start();
        var_dump($client);
        print_r($client);
        var_export($client);
        $dump = (string) ob_get_clean();
        self::assertStringNotContainsString(Emulator::CLIENT_SECRET, $dump);
        $client->submit('products', self::products('S', 2));
        $client->wait();
        $client->testConnection();
        $requestLog = json_encode(self::$emulator->call('GET', '/_emulator/requests'));
        self::assertStringNotContainsString(Emulator::CLIENT_SECRET, (string) $requestLog, 'the emulator\'s request log');
        self::assertStringNotContainsString(Emulator::CLIENT_SECRET, json_encode($client->logs()) . json_encode($client->results()));
        $info = Extension::runPhp(['-r', '$c = new Aco\Native\Client(' . var_export(self::$emulator->clientConfig(), true) . '); phpinfo();']);
        self::assertStringContainsString('aco support', $info['stdout']);
        self::assertStringNotContainsString(Emulator::CLIENT_SECRET, $info['stdout'] . $info['stderr']);
    }

    public function test_an_exception_from_the_constructor_leaves_the_config_out_of_its_trace(): void
    {
        // regression (issue 27): with exception_ignore_args off (PHP's development setting) the trace kept
        // the config array, the secret in it, for every log or error page that prints it
        $ignored = ini_set('zend.exception_ignore_args', '0');
        try {
            new Client(self::$emulator->clientConfig(['unknown_setting' => 1]));
            self::fail('an unknown setting is refused');
        } catch (InvalidArgumentException $e) {
            $frame = $e->getTrace()[0];
            self::assertSame([Client::class, '__construct'], [$frame['class'], $frame['function']]);
            self::assertInstanceOf(\SensitiveParameterValue::class, $frame['args'][0] ?? null);
            self::assertStringNotContainsString(Emulator::CLIENT_SECRET, print_r($e->getTrace(), true) . $e);
        } finally {
            ini_set('zend.exception_ignore_args', (string) $ignored);
        }
    }

    public function test_admin_url_follows_region_and_type(): void
    {
        $client = new Client(self::$emulator->clientConfig(['region' => 'eu1', 'type' => 'production']));
        self::assertSame('https://eu1.admin.commerce.adobe.com/' . Emulator::TENANT, $client->adminUrl());
    }

    /**
     * Magento's indexer forks workers (pcntl_fork). The I/O runtime and connections of the parent
     * do not exist in a child; the client must rebuild them there and keep working in the parent.
     */
    public function test_uploads_work_from_a_parent_and_two_forked_children(): void
    {
        $client = new Client(self::$emulator->clientConfig());
        $client->submit('products', self::products('parent1', 3));
        self::assertCount(3, $client->wait());

        $children = [];
        foreach (['child1', 'child2'] as $name) {
            $pid = pcntl_fork();
            self::assertNotSame(-1, $pid);
            if ($pid === 0) {
                $client->submit('products', self::products($name, 4));
                $results = $client->wait(10000);
                $ok = count($results) === 4 && count(array_filter(array_column($results, 'accepted'))) === 4;
                // leave without running PHPUnit's shutdown in the child
                posix_kill(getmypid(), $ok ? SIGUSR1 : SIGUSR2);
                exit($ok ? 0 : 1);
            }
            $children[$name] = $pid;
        }
        foreach ($children as $name => $pid) {
            pcntl_waitpid($pid, $status);
            self::assertTrue(pcntl_wifsignaled($status), "$name did not finish");
            self::assertSame(SIGUSR1, pcntl_wtermsig($status), "$name's uploads failed");
        }
        $client->submit('products', self::products('parent2', 2));
        self::assertCount(2, $client->wait(10000));
        self::assertSame(3 + 4 + 4 + 2, self::$emulator->count('products'));
    }
}
