<?php
declare(strict_types=1);

namespace Aco\Connector\Model;

/**
 * Routes the extension's log lines (Aco\Native\Client::logs(): level, target, message) to the
 * host's logger (Magento: a PSR-3 logger writing var/log/aco-connector.log; bin/aco: FileLog),
 * dropping lines below the configured level and masking secrets and tokens: a remote answer quoted
 * in a message may echo them, and both hosts must mask alike.
 */
class LogRouter
{
    public const LEVELS = ['debug', 'info', 'warning', 'error'];

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

    /** @param list<array{level: string, target: string, message: string}> $lines */
    public function route(array $lines): void
    {
        foreach ($lines as $line) {
            $level = array_search($line['level'], self::LEVELS, true);
            if ($level !== false && $level >= $this->minimum) {
                $message = (string) preg_replace(array_keys(self::SECRETS), array_values(self::SECRETS), $line['message']);
                ($this->sink)($line['level'], $message, ['target' => $line['target']]);
            }
        }
    }
}
