<?php
declare(strict_types=1);

namespace Aco\Connector\Tools;

/**
 * The aco-emulator binary as a separate process on a free loopback port: for tests, the demo and
 * benchmarks.
 */
final class EmulatorProcess
{
    public const TENANT = 'test-tenant';
    public const CLIENT_ID = 'test-client';
    public const CLIENT_SECRET = 'emulator-secret-7f3a';

    /** @var resource */
    private $process;
    private string $url;

    /** @param list<string> $flags extra command-line flags */
    public function __construct(array $flags = [])
    {
        $binary = getenv('ACO_EMULATOR_BIN') ?: dirname(__DIR__) . '/target/release/aco-emulator';
        if (!is_file($binary)) {
            throw new \RuntimeException("emulator not built ($binary missing): run make build");
        }
        $cmd = array_merge([$binary, '--listen', '127.0.0.1:0', '--tenant', self::TENANT,
            '--client-id', self::CLIENT_ID, '--client-secret', self::CLIENT_SECRET], $flags);
        $process = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'a']], $pipes);
        if (!is_resource($process)) {
            throw new \RuntimeException('cannot start the emulator');
        }
        $this->process = $process;
        $line = fgets($pipes[1]);
        if (!is_string($line) || !str_starts_with($line, 'http://')) {
            throw new \RuntimeException('the emulator printed no URL; it failed to start');
        }
        $this->url = trim($line);
    }

    public function url(): string
    {
        return $this->url;
    }

    /** Its process id (for its memory figures). */
    public function pid(): int
    {
        return (int) proc_get_status($this->process)['pid'];
    }

    /** Client settings pointing at this emulator, fast retries. */
    public function clientConfig(array $overrides = []): array
    {
        return self::clientConfigFor($this->url, $overrides);
    }

    /** The same for an emulator another process started, at $url. */
    public static function clientConfigFor(string $url, array $overrides = []): array
    {
        return $overrides + [
            'region' => 'na1', 'type' => 'sandbox', 'tenant_id' => self::TENANT,
            'client_id' => self::CLIENT_ID, 'client_secret' => self::CLIENT_SECRET,
            'api_base_url' => $url, 'ims_base_url' => $url, 'allow_url_override' => true,
            'retry_base_ms' => 20, 'retry_max_ms' => 200, 'timeout_ms' => 5000,
        ];
    }

    /**
     * Calls an inspection/control endpoint; returns the decoded JSON answer.
     *
     * @return mixed
     */
    public function call(string $method, string $path, ?array $body = null)
    {
        $context = stream_context_create(['http' => [
            'method' => $method,
            'header' => "Content-Type: application/json\r\n",
            'content' => $body === null ? '' : json_encode($body),
            'ignore_errors' => true,
        ]]);
        $text = file_get_contents($this->url . $path, false, $context);
        if (!is_string($text)) {
            throw new \RuntimeException("emulator call $method $path failed");
        }
        return json_decode($text, true);
    }

    /** @return array<string, mixed>|null one stored product, null when ACO has none */
    public function product(string $locale, string $sku): ?array
    {
        return $this->found('/_emulator/product?' . http_build_query(['locale' => $locale, 'sku' => $sku]));
    }

    /** @return array<string, mixed>|null one stored price, null when ACO has none */
    public function price(string $priceBookId, string $sku): ?array
    {
        return $this->found('/_emulator/price?' . http_build_query(['priceBookId' => $priceBookId, 'sku' => $sku]));
    }

    /** @return array<string, mixed>|null */
    private function found(string $path): ?array
    {
        $item = $this->call('GET', $path);
        return is_array($item) && isset($item['sku']) ? $item : null;
    }

    public function count(string $entity): int
    {
        return (int) $this->call('GET', '/_emulator/items/' . $entity)['total'];
    }

    public function stop(): void
    {
        if (is_resource($this->process)) {
            proc_terminate($this->process, 15);
            proc_close($this->process);
        }
    }

    public function __destruct()
    {
        $this->stop();
    }
}
