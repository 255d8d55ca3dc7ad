<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento;

use Aco\Connector\Model\Budget\Limits;
use Aco\Connector\Model\Config\ConnectionConfig;
use PHPUnit\Framework\TestCase;

/**
 * The sync settings' defaults are written once, in PHP (ConnectionConfig::SYNC_DEFAULTS, whose limits
 * are Budget\Limits::DEFAULTS); etc/config.xml is where Magento reads defaults, so it must say the same.
 */
final class ConfigDefaultsTest extends TestCase
{
    public function test_config_xml_holds_the_sync_defaults_of_the_code(): void
    {
        $xml = simplexml_load_file(__DIR__ . '/../../../php/etc/config.xml');
        self::assertNotFalse($xml);
        $written = [];
        foreach ($xml->default->aco->sync->children() as $name => $value) {
            $written[$name] = (string) $value;
        }
        // log_level: ConnectionConfig::logLevel()'s fallback
        $expected = array_map('strval', ConnectionConfig::SYNC_DEFAULTS) + ['log_level' => 'info'];
        ksort($written);
        ksort($expected);
        self::assertSame($expected, $written);
        self::assertSame(Limits::DEFAULTS, array_intersect_key(ConnectionConfig::SYNC_DEFAULTS, Limits::DEFAULTS));
    }
}
