<?php
declare(strict_types=1);

namespace Aco\Connector\Model;

/**
 * Routes the extension's log lines (Aco\Native\Client::logs(): level, target, message) to the
 * host's logger, dropping lines below the configured level, masking secrets and tokens (a remote
 * answer quoted in a message may echo them, and both hosts must mask alike) and escaping what could
 * forge a line or drive a terminal (Printable: a SKU quoted in a message may hold a newline or ESC).
 *
 * Both hosts log to FILE under their root, channel CHANNEL, and hand their logger to Services, the
 * one place a sync's router is made: Magento the `Aco\Connector\Logger` of etc/di.xml (a Monolog
 * logger with that one file handler, so no line is copied into system.log or debug.log), bin/aco
 * Standalone\FileLog.
 */
class LogRouter
{
    public const LEVELS = ['debug', 'info', 'warning', 'error'];
    /** The log file under the host's root (Magento's BP; bin/aco: the project root, or ACO_LOG_FILE). */
    public const FILE = 'var/log/aco-connector.log';
    /** The Monolog channel every line names. */
    public const CHANNEL = 'aco-connector';

    /** What masks: bearer values, secret and token fields (form, JSON or header style), bare JWTs. */
    private const SECRETS = [
        '/\b(Bearer\s+)[^\s"\',;]+/i' => '$1[redacted]',
        '/\b((?:client_secret|access_token|refresh_token|id_token|password)"?\s*[=:]\s*"?)[^\s"&,;}]+/i' => '$1[redacted]',
        '/\beyJ[\w-]+\.[\w-]+\.[\w-]*/' => '[redacted]',
    ];

    /** @var callable(string, string, array<string, string>): void */
    private $sink;
    private int $minimum;

    /** @param callable(string, string, array<string, string>): void $sink e.g. [$psrLogger, 'log'] */
    public function __construct(callable $sink, string $minimumLevel = 'info')
    {
        $this->sink = $sink;
        $index = array_search($minimumLevel, self::LEVELS, true);
        $this->minimum = $index === false ? 1 : $index;
    }

    /**
     * @param list<array{level: string, target: string, message: string, at?: float}> $lines `at`: when
     *   it happened (the extension's lines: collected after a batch, a retry may be minutes old), in
     *   the context as `at` (UTC, milliseconds), since the logger stamps the time it writes
     */
    public function route(array $lines): void
    {
        foreach ($lines as $line) {
            $level = array_search($line['level'], self::LEVELS, true);
            if ($level !== false && $level >= $this->minimum) {
                $message = Printable::line((string) preg_replace(array_keys(self::SECRETS), array_values(self::SECRETS), $line['message']));
                $context = ['target' => $line['target']];
                if (isset($line['at'])) {
                    $context['at'] = \DateTimeImmutable::createFromFormat('U.u', sprintf('%.6F', $line['at']))->format('Y-m-d\TH:i:s.v\Z');
                }
                ($this->sink)($line['level'], $message, $context);
            }
        }
    }
}
