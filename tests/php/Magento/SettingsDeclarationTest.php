<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento;

use Aco\Connector\Model\Config\ConnectionConfig;
use Aco\Connector\Model\Config\HiddenSettings;
use PHPUnit\Framework\TestCase;

/**
 * Magento's config:set accepts (and locks) only paths etc/adminhtml/system.xml declares: every setting the
 * connector reads is declared there, in the default scope, and is the README's table, with the same
 * fields hidden in the admin form; the client secret has Magento's encrypted backend model (which the
 * admin's encryption key change re-encrypts) and is sensitive (app:config:dump keeps it out of config.php).
 */
final class SettingsDeclarationTest extends TestCase
{
    private const ROOT = __DIR__ . '/../../../php';
    private const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

    public function test_system_xml_declares_every_setting_the_connector_reads_and_the_readme_lists_them(): void
    {
        $read = array_merge(array_map(static fn (string $f): string => ConnectionConfig::PREFIX . $f, ConnectionConfig::FIELDS),
            array_map(static fn (string $k): string => "aco/sync/$k", array_keys(ConnectionConfig::SYNC_DEFAULTS)), ['aco/sync/log_level']);
        $declared = array_keys(self::fields());
        sort($read);
        sort($declared);
        self::assertSame($read, $declared);
        $readme = self::readme();
        $documented = array_keys($readme);
        sort($documented);
        self::assertSame($declared, $documented, 'README\'s settings table');
        foreach ($readme as $path => $form) {
            self::assertSame($form === 'hidden', (new HiddenSettings())->isHidden($path), "$path: README says \"$form\" in the admin form");
        }
        self::assertTrue((new HiddenSettings())->isHidden('aco/connection'), 'the connection group');
        self::assertFalse((new HiddenSettings())->isHidden('aco/sync'));
        foreach (self::fields() as $path => $field) {
            self::assertSame('1', $field->getAttribute('showInDefault'), "$path is read in the default scope only");
        }
    }

    public function test_the_client_secret_is_encrypted_by_magentos_backend_model_and_sensitive(): void
    {
        $secret = self::fields()['aco/connection/client_secret'];
        self::assertSame('obscure', $secret->getAttribute('type'));
        self::assertSame('Magento\Config\Model\Config\Backend\Encrypted', trim($secret->getElementsByTagName('backend_model')->item(0)->textContent));
        $doc = new \DOMDocument();
        self::assertTrue($doc->load(self::ROOT . '/etc/di.xml'));
        $sensitive = (new \DOMXPath($doc))->query("/config/type[@name='Magento\\Config\\Model\\Config\\TypePool']/arguments/argument[@name='sensitive']/item");
        self::assertSame(['aco/connection/client_secret'], array_map(static fn (\DOMElement $i): string => $i->getAttribute('name'), iterator_to_array($sensitive)));
    }

    /** @return array<string, \DOMElement> config path => field of etc/adminhtml/system.xml */
    private static function fields(): array
    {
        $doc = new \DOMDocument();
        self::assertTrue($doc->load(self::ROOT . '/etc/adminhtml/system.xml'));
        $out = [];
        foreach ((new \DOMXPath($doc))->query('/config/system/section/group/field') as $field) {
            $group = $field->parentNode;
            $out[$group->parentNode->getAttribute('id') . '/' . $group->getAttribute('id') . '/' . $field->getAttribute('id')] = $field;
        }
        return $out;
    }

    /** @return array<string, string> path => its "Stores > Configuration" column in README's settings table */
    private static function readme(): array
    {
        preg_match_all('/^\| `(aco\/[a-z_]+\/[a-z_]+)` \|[^|]*\|[^|]*\| ([^|(]+?) ?(?:\([^|]*\))? \|$/m', (string) file_get_contents(self::ROOT . '/../README.md'), $m);
        return array_combine($m[1], $m[2]);
    }
}
