<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Support;

use PHPUnit\Framework\Assert;

/**
 * Headless Chromium (Debian's chromium + chromedriver) driven over the W3C WebDriver protocol: just the
 * calls the admin tests need. Waits poll a condition up to a generous bound (Magento's admin builds its
 * grids in JavaScript after the page loads); no assertion depends on how long anything takes.
 */
final class Browser
{
    private const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
    private const WAIT_SECONDS = 120;

    /** @var resource */
    private $driver;
    private string $url;
    private string $session;
    private string $artifacts;

    public function __construct()
    {
        foreach (['/usr/bin/chromium', '/usr/bin/chromedriver'] as $binary) {
            Assert::assertFileExists($binary, 'Debian packages chromium and chromium-driver are needed (make deps installs them)');
        }
        $port = self::freePort();
        $this->driver = proc_open(['/usr/bin/chromedriver', "--port=$port"], [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
        $this->url = "http://127.0.0.1:$port";
        $this->waitUntil('chromedriver answers', function (): bool {
            try {
                return (bool) ($this->call('GET', '/status')['ready'] ?? false);
            } catch (\RuntimeException) {
                return false;
            }
        });
        // a profile of its own: a second browser of the same test process must not find the first one's session cookie
        $profile = sys_get_temp_dir() . '/aco-chromium-' . getmypid() . '-' . bin2hex(random_bytes(4));
        $session = $this->call('POST', '/session', ['capabilities' => ['alwaysMatch' => ['browserName' => 'chrome', 'goog:chromeOptions' => [
            'binary' => '/usr/bin/chromium',
            // As root in a sandbox-less machine with no network beyond loopback: no background traffic.
            'args' => ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
                '--disable-background-networking', '--disable-component-update', '--disable-sync', '--window-size=1600,1200', "--user-data-dir=$profile"],
        ]]]]);
        $this->session = (string) $session['sessionId'];
        $this->artifacts = self::artifacts();
        @mkdir($this->artifacts, 0777, true);
    }

    /** Screenshots go to var/test-artifacts/magento-VERSION/admin/: the lanes of two releases run side by side. */
    private static function artifacts(): string
    {
        $package = json_decode((string) file_get_contents(Magento::root() . '/composer.json'), true);
        return dirname(__DIR__, 3) . '/var/test-artifacts/magento-' . ($package['version'] ?? 'unknown') . '/admin';
    }

    public function open(string $url): void
    {
        $this->call('POST', "/session/{$this->session}/url", ['url' => $url]);
    }

    /** The first element matching a CSS selector, once there and visible. */
    public function element(string $css): string
    {
        $found = null;
        $this->waitUntil("an element $css", function () use ($css, &$found): bool {
            foreach ($this->call('POST', "/session/{$this->session}/elements", ['using' => 'css selector', 'value' => $css]) as $element) {
                $id = (string) $element[self::ELEMENT];
                if ($this->call('GET', "/session/{$this->session}/element/$id/displayed")) {
                    $found = $id;
                    return true;
                }
            }
            return false;
        });
        return (string) $found;
    }

    public function type(string $css, string $text): void
    {
        $id = $this->element($css);
        $this->call('POST', "/session/{$this->session}/element/$id/clear", []);
        $this->call('POST', "/session/{$this->session}/element/$id/value", ['text' => $text]);
    }

    /** Clicks an element; while the admin's loading mask covers it, tries again. */
    public function click(string $css): void
    {
        $this->waitUntil("a click on $css", function () use ($css): bool {
            try {
                $this->call('POST', "/session/{$this->session}/element/{$this->element($css)}/click", []);
                return true;
            } catch (\RuntimeException $e) {
                if (str_contains($e->getMessage(), 'click intercepted')) {
                    return false;
                }
                throw $e;
            }
        });
    }

    /** @param list<mixed> $args */
    public function script(string $script, array $args = []): mixed
    {
        return $this->call('POST', "/session/{$this->session}/execute/sync", ['script' => $script, 'args' => $args]);
    }

    /** The page's visible text. */
    public function text(): string
    {
        return (string) $this->script('return document.body ? document.body.innerText : "";');
    }

    /** Waits until the page's visible text contains $needle; fails naming it, with a screenshot. */
    public function waitForText(string $needle, string $screenshot): void
    {
        $this->waitUntil("the text \"$needle\" (screenshot $screenshot.png)", fn (): bool => str_contains($this->text(), $needle), $screenshot);
    }

    public function screenshot(string $name): string
    {
        $file = "{$this->artifacts}/$name.png";
        file_put_contents($file, base64_decode((string) $this->call('GET', "/session/{$this->session}/screenshot")));
        return $file;
    }

    public function waitUntil(string $what, callable $condition, ?string $screenshot = null): void
    {
        $deadline = microtime(true) + self::WAIT_SECONDS;
        while (!$condition()) {
            if (microtime(true) > $deadline) {
                if ($screenshot !== null) {
                    $this->screenshot($screenshot);
                }
                Assert::fail("waited in vain for $what");
            }
            usleep(200_000);
        }
    }

    public function quit(): void
    {
        if (isset($this->session)) {
            @$this->call('DELETE', "/session/{$this->session}");
            unset($this->session);
        }
        if (is_resource($this->driver)) {
            proc_terminate($this->driver);
            proc_close($this->driver);
        }
    }

    public function __destruct()
    {
        $this->quit();
    }

    /** @return mixed the answer's `value` */
    private function call(string $method, string $path, ?array $body = null): mixed
    {
        // curl, not PHP's http stream: chromedriver never answers an HTTP/1.0 request.
        $curl = curl_init($this->url . $path);
        curl_setopt_array($curl, [CURLOPT_CUSTOMREQUEST => $method, CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 300,
            CURLOPT_HTTPHEADER => ['Content-Type: application/json']]);
        if ($body !== null) {
            curl_setopt($curl, CURLOPT_POSTFIELDS, json_encode($body === [] ? new \stdClass() : $body));
        }
        $text = curl_exec($curl);
        curl_close($curl);
        if (!is_string($text)) {
            throw new \RuntimeException("WebDriver $method $path: no answer");
        }
        $answer = json_decode($text, true);
        if (isset($answer['value']['error'])) {
            throw new \RuntimeException("WebDriver $method $path: {$answer['value']['error']}: " . substr((string) $answer['value']['message'], 0, 300));
        }
        return $answer['value'] ?? null;
    }

    public static function freePort(): int
    {
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int) substr((string) stream_socket_get_name($socket, false), strlen('127.0.0.1:'));
        fclose($socket);
        return $port;
    }
}
