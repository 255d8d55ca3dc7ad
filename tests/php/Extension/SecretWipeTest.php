<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Extension;

use Aco\Connector\Test\Support\Extension;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * Regression (issue 27): after `unset($client)` a core dump of the process still held the IMS form
 * (`client_secret=…`) and the bearer token, though the docs said the secret is wiped. A PHP process
 * gets a token, sends with it and drops its client; this test reads that process's writable memory
 * (/proc/PID/mem, as a core dump holds it) for the form and for any token of the emulator's shape.
 * The secret itself is the caller's (a PHP string of its config) and is not looked for.
 */
final class SecretWipeTest extends TestCase
{
    private const CLIENT = <<<'PHP'
        $client = new Aco\Native\Client(json_decode(getenv('ACO_WIPE_CONFIG'), true));
        $client->testConnection();
        $client->submit('products', ['p:W-1' => '{"sku":"W-1","source":{"locale":"en_US"},"name":"W","slug":"w","status":"ENABLED"}']);
        $client->wait();
        echo "connected\n";
        fgets(STDIN);
        unset($client);
        echo "dropped\n";
        fgets(STDIN);
        PHP;

    public function test_no_ims_form_or_token_is_left_in_the_process_after_its_client_is_dropped(): void
    {
        $emulator = new EmulatorProcess();
        $patterns = ['the IMS form' => '/client_secret=' . preg_quote(rawurlencode(EmulatorProcess::CLIENT_SECRET), '/') . '/',
            'a bearer token' => '/emu\.[0-9a-f]{32}/'];
        $env = getenv() + ['ACO_WIPE_CONFIG' => json_encode($emulator->clientConfig())];
        $process = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . Extension::path(), '-r', self::CLIENT], [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
        self::assertIsResource($process);
        try {
            $connected = fgets($pipes[1]);
            self::assertSame("connected\n", $connected, $connected === false ? (string) stream_get_contents($pipes[2]) : '');
            $pid = proc_get_status($process)['pid'];
            self::assertArrayHasKey('a bearer token', self::found($pid, $patterns), 'the scan sees the live client\'s token');

            fwrite($pipes[0], "drop\n");
            self::assertSame("dropped\n", fgets($pipes[1]));
            // the pooled connections close on the I/O thread once it sees the client gone: give it time
            $deadline = microtime(true) + 20;
            while (($left = self::found($pid, $patterns)) !== [] && microtime(true) < $deadline) {
                usleep(100_000);
            }
            self::assertSame([], $left, 'in the memory of the process after unset($client)');
            fwrite($pipes[0], "end\n");
        } finally {
            foreach ($pipes as $pipe) {
                fclose($pipe);
            }
            proc_close($process);
            $emulator->stop();
        }
    }

    /**
     * Which patterns occur in the writable memory of process $pid (what a core dump holds of its data).
     *
     * @param array<string, string> $patterns name => regex
     * @return array<string, int> name => how many times
     */
    private static function found(int $pid, array $patterns): array
    {
        $mem = fopen("/proc/$pid/mem", 'rb');
        self::assertIsResource($mem);
        stream_set_read_buffer($mem, 0);
        $counts = [];
        foreach (file("/proc/$pid/maps") ?: [] as $line) {
            if (preg_match('/^([0-9a-f]+)-([0-9a-f]+) rw/', $line, $m) !== 1) {
                continue;
            }
            [$from, $to] = [hexdec($m[1]), hexdec($m[2])];
            // in slices overlapping by 256 bytes: a match across a slice's end is seen whole in the next
            for ($at = $from; $at < $to; $at += 1 << 20) {
                if (fseek($mem, (int) $at) !== 0 || ($data = @fread($mem, (int) min((1 << 20) + 256, $to - $at))) === false) {
                    continue 2;
                }
                foreach ($patterns as $name => $pattern) {
                    $n = preg_match_all($pattern, $data);
                    if ($n > 0) {
                        $counts[$name] = ($counts[$name] ?? 0) + $n;
                    }
                }
            }
        }
        fclose($mem);
        return $counts;
    }
}
