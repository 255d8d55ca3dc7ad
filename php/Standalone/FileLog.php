<?php
declare(strict_types=1);

namespace Aco\Connector\Standalone;

use Aco\Connector\Model\LogRouter;

/**
 * bin/aco's log, written as Magento's logger writes LogRouter::FILE (Monolog's line format, channel
 * LogRouter::CHANNEL), to ACO_LOG_FILE or that file under the project root. Whole lines appended
 * under a lock: a --watch process, cron runs and a manual sync may share the file. A log that
 * cannot be written says so once on stderr and never fails the sync.
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
        return new self(getenv('ACO_LOG_FILE') ?: "$root/" . LogRouter::FILE);
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
        $line = sprintf("[%s] %s.%s: %s %s []\n", (new \DateTimeImmutable())->format('Y-m-d\TH:i:s.uP'), LogRouter::CHANNEL, strtoupper($level),
            $message, json_encode($context ?: new \stdClass(), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE));
        $dir = dirname($this->path);
        if ((is_dir($dir) || @mkdir($dir, 0775, true)) && @file_put_contents($this->path, $line, FILE_APPEND | LOCK_EX) !== false) {
            return;
        }
        $this->broken = true;
        fwrite(STDERR, "aco: cannot write the log {$this->path} (ACO_LOG_FILE): " . (error_get_last()['message'] ?? 'unknown error') . "\n");
    }
}
