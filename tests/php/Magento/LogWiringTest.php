<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento;

use Aco\Connector\Model\LogRouter;
use Aco\Connector\Standalone\FileLog;
use PHPUnit\Framework\TestCase;

/**
 * Both hosts log to one file the same way (LogRouter::FILE, channel LogRouter::CHANNEL): bin/aco through
 * Standalone\FileLog, Magento through the `Aco\Connector\Logger` of etc/di.xml, which every logger the
 * module's classes take must be. Magento's default logger (or a virtual type of its Monolog class, whose
 * system, debug and syslog handlers an array argument merges with) would copy the lines into system.log
 * and debug.log; a class left without it (MagentoServices, before) would log nothing.
 */
final class LogWiringTest extends TestCase
{
    private const ROOT = __DIR__ . '/../../../php';
    private const LOGGER = 'Aco\Connector\Logger';

    public function test_the_modules_logger_is_a_plain_monolog_logger_writing_only_the_connectors_file(): void
    {
        $di = self::di();
        $logger = self::virtualType($di, self::LOGGER);
        self::assertSame('Monolog\Logger', $logger->getAttribute('type'));
        self::assertSame('Aco\Connector\Model\LogRouter::CHANNEL', self::argument($logger, 'name', 'const'));
        $handlers = self::xpath($di)->query('arguments/argument[@name="handlers"]/item', $logger);
        self::assertSame(1, $handlers->length, 'one handler: the connector\'s file');
        $handler = self::virtualType($di, trim($handlers->item(0)->textContent));
        self::assertSame('Magento\Framework\Logger\Handler\Base', $handler->getAttribute('type'));
        self::assertSame('Aco\Connector\Model\LogRouter::FILE', self::argument($handler, 'fileName', 'const'));
        self::assertSame('/srv/shop/' . LogRouter::FILE, (new FileLog('/srv/shop/' . LogRouter::FILE))->path());
    }

    public function test_every_class_taking_a_logger_gets_the_modules_logger_in_di_xml(): void
    {
        $di = self::di();
        $xpath = self::xpath($di);
        $takers = self::loggerParameters();
        self::assertArrayHasKey('Aco\Connector\Model\MagentoServices', $takers, 'the services Magento\'s commands use log too');
        foreach ($takers as $class => $parameter) {
            $own = $xpath->query("/config/type[@name='$class']");
            $virtual = $xpath->query("/config/virtualType[@type='$class']");
            $declarations = $own->length > 0 ? iterator_to_array($own) : iterator_to_array($virtual);
            self::assertNotEmpty($declarations, "$class is given no logger in di.xml: Magento would give it its own (system.log)");
            foreach ($declarations as $declaration) {
                self::assertSame(self::LOGGER, self::argument($declaration, $parameter, 'object'), "$class ({$declaration->getAttribute('name')}) \$$parameter");
            }
        }
    }

    /** @return array<string, string> class => name of its constructor's LoggerInterface parameter */
    private static function loggerParameters(): array
    {
        $out = [];
        $files = new \RegexIterator(new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::ROOT)), '/\.php$/');
        foreach ($files as $file) {
            $source = (string) file_get_contents($file->getPathname());
            if (preg_match('/function __construct\(([^)]*)\)/s', $source, $ctor) && preg_match('/\bLoggerInterface \$(\w+)/', $ctor[1], $param)) {
                $relative = substr($file->getPathname(), strlen(self::ROOT) + 1, -4);
                $out['Aco\Connector\\' . str_replace('/', '\\', $relative)] = $param[1];
            }
        }
        ksort($out);
        return $out;
    }

    private static function di(): \DOMDocument
    {
        $doc = new \DOMDocument();
        self::assertTrue($doc->load(realpath(self::ROOT) . '/etc/di.xml'));
        return $doc;
    }

    private static function xpath(\DOMDocument $doc): \DOMXPath
    {
        return new \DOMXPath($doc);
    }

    private static function virtualType(\DOMDocument $doc, string $name): \DOMElement
    {
        $found = self::xpath($doc)->query("/config/virtualType[@name='$name']");
        self::assertSame(1, $found->length, "virtual type $name");
        return $found->item(0);
    }

    private static function argument(\DOMElement $declaration, string $name, string $type): ?string
    {
        foreach (self::xpath($declaration->ownerDocument)->query("arguments/argument[@name='$name']", $declaration) as $argument) {
            self::assertSame($type, $argument->getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type'), "argument $name");
            return trim($argument->textContent);
        }
        return null;
    }
}
