<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Config;

/**
 * The connector's environment is unusable as set up (a bad encryption key, a stored secret that
 * does not decrypt, a database setting that cannot be used); the message names the setting to fix.
 */
final class ConfigurationException extends \RuntimeException
{
}
