<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Module;

use Aco\Connector\Test\Support\Extension;
use PHPUnit\Framework\TestCase;

/**
 * The Composer package and Magento module skeleton are what `composer require` and Magento read.
 */
final class ModulePackageTest extends TestCase
{
    private const ROOT = __DIR__ . '/../../..';

    public function test_composer_json_declares_the_magento_module_package(): void
    {
        $composer = json_decode((string) file_get_contents(self::ROOT . '/composer.json'), true, 512, JSON_THROW_ON_ERROR);
        self::assertSame('adobe-commerce/commerce-data-export-aco-adapter', $composer['name']);
        self::assertSame('magento2-module', $composer['type']);
        self::assertSame('~8.1.0||~8.2.0||~8.3.0||~8.4.0', $composer['require']['php']);
        self::assertArrayHasKey('ext-aco', $composer['require']);
        self::assertSame(['Aco\\Connector\\' => 'php/'], $composer['autoload']['psr-4']);
        self::assertSame(['php/registration.php'], $composer['autoload']['files']);
    }

    public function test_module_xml_declares_aco_connector_after_the_modules_it_reads(): void
    {
        $xml = new \DOMDocument();
        self::assertTrue($xml->load(self::ROOT . '/php/etc/module.xml'));
        self::assertSame(
            'urn:magento:framework:Module/etc/module.xsd',
            $xml->documentElement->getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'noNamespaceSchemaLocation')
        );
        $module = $xml->getElementsByTagName('module')->item(0);
        self::assertSame('Aco_Connector', $module->getAttribute('name'));
        $sequence = [];
        foreach ($module->getElementsByTagName('module') as $dependency) {
            $sequence[] = $dependency->getAttribute('name');
        }
        self::assertSame(['Magento_Store', 'Magento_Catalog', 'Magento_Customer', 'Magento_Directory', 'Magento_Eav', 'Magento_Indexer', 'Magento_Cron', 'Magento_Backend', 'Magento_Ui', 'Magento_Config'], $sequence);
    }

    public function test_plain_services_load_standalone_through_composers_autoloader_without_magento(): void
    {
        // A fresh process with only Composer's autoloader: registration.php must not need Magento.
        $script = 'require "' . self::ROOT . '/vendor/autoload.php";'
            . 'echo class_exists("Magento\\\\Framework\\\\Component\\\\ComponentRegistrar") ? "magento" : "standalone", "|";'
            . 'echo (new Aco\Connector\Model\Native\ExtensionStatus())->problem() ?? "ok";';
        $run = Extension::runPhp(['-r', $script]);
        self::assertSame('', $run['stderr']);
        self::assertSame('standalone|ok', $run['stdout']);
    }
}
