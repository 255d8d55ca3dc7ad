<?php
declare(strict_types=1);

namespace Aco\Connector\Standalone;

/**
 * bin/aco's log, written as Magento's logger writes var/log/aco-connector.log (Monolog's line
 * format, channel aco-connector), to ACO_LOG_FILE or var/log/aco-connector.log under the project
 * root. Whole lines appended under a lock: a --watch process, cron runs and a manual sync may
 * share the file. A log that cannot be written says so once on stderr and never fails the sync.
 */
final class FileLog
{
    private string $path;
    private bool $broken = false;

    public function __construct(string $path)
    {
        $this->path = $path;
    }

    public static function under(string $root): self
    {
        return new self(getenv('ACO_LOG_FILE') ?: "$root/var/log/aco-connector.log");
    }

    public function path(): string
    {
        return $this->path;
    }

    /** PSR-3's log(), what LogRouter calls. @param array<string, string> $context */
    public function log(string $level, string $message, array $context = []): void
    {
        if ($this->broken) {
            return;
        }
        $line = sprintf("[%s] aco-connector.%s: %s %s []\n", (new \DateTimeImmutable())->format('Y-m-d\TH:i:s.uP'), strtoupper($level),
            $message, json_encode($context ?: new \stdClass(), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE));
        $dir = dirname($this->path);
        if ((is_dir($dir) || @mkdir($dir, 0775, true)) && @file_put_contents($this->path, $line, FILE_APPEND | LOCK_EX) !== false) {
            return;
        }
        $this->broken = true;
        fwrite(STDERR, "aco: cannot write the log {$this->path} (ACO_LOG_FILE): " . (error_get_last()['message'] ?? 'unknown error') . "\n");
    }
}
