<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Extension;

use JsonSchema\Validator;
use PHPUnit\Framework\TestCase;

/**
 * ext/composer.json is what PIE reads to build and install the extension (`pie install` runs phpize,
 * ./configure, make and make install in ext/). It must hold to PIE's published schema for `php-ext`, to
 * Composer's for the rest, and name the extension the module loads.
 */
final class PieMetadataTest extends TestCase
{
    private const ROOT = __DIR__ . '/../../..';
    /** Debian's php-json-schema, which Composer depends on (justinrainbow/json-schema) */
    private const VALIDATOR = '/usr/share/php/JsonSchema/autoload.php';
    private const COMPOSER_SCHEMA = '/usr/share/php/data/Composer/res/composer-schema.json';

    public function test_the_php_ext_section_validates_against_pies_schema(): void
    {
        self::requireValidator();
        $errors = self::violations(self::package(), self::ROOT . '/tests/fixtures/pie/composer-json-php-ext-schema.json');
        self::assertSame([], $errors);
    }

    public function test_the_rest_validates_against_composers_schema(): void
    {
        self::requireValidator();
        $package = self::package();
        $schema = json_decode((string) file_get_contents(self::COMPOSER_SCHEMA), false, 512, JSON_THROW_ON_ERROR);
        if (!isset($schema->properties->{'php-ext'})) {
            unset($package->{'php-ext'}); // Debian 12's Composer 2.5 does not know the key (2.10's schema does); PIE's schema covers it
        }
        self::assertSame([], self::violations($package, self::COMPOSER_SCHEMA));
    }

    public function test_it_is_a_php_ext_package_of_its_own_naming_the_extension_the_module_loads(): void
    {
        $package = self::package();
        $module = json_decode((string) file_get_contents(self::ROOT . '/composer.json'), false, 512, JSON_THROW_ON_ERROR);
        self::assertSame('php-ext', $package->type);
        self::assertNotSame($module->name, $package->name, 'PIE refuses a package name a PHP package already has');
        self::assertSame($module->require->php, $package->require->php, 'the extension and the module support the same PHP versions');
        $name = $package->{'php-ext'}->{'extension-name'};
        self::assertMatchesRegularExpression('/^[A-Za-z][a-zA-Z0-9_]+$/', $name, "PIE's extension name rule");
        self::assertTrue(extension_loaded($name), "the built extension registers as $name");
        self::assertTrue(property_exists($module->require, 'ext-' . $name), 'the module requires the extension by that name');
        self::assertFileExists(self::ROOT . '/ext/config.m4', 'PIE builds with phpize in the package directory');
    }

    private static function package(): \stdClass
    {
        return json_decode((string) file_get_contents(self::ROOT . '/ext/composer.json'), false, 512, JSON_THROW_ON_ERROR);
    }

    private static function requireValidator(): void
    {
        if (!is_file(self::VALIDATOR) || !is_file(self::COMPOSER_SCHEMA)) {
            self::markTestSkipped('JSON schema validation needs Debian\'s composer (php-json-schema): not installed here');
        }
        require_once self::VALIDATOR;
    }

    /** @return list<string> one line per violation: where, and what is wrong */
    private static function violations(\stdClass $document, string $schemaFile): array
    {
        $validator = new Validator();
        $validator->validate($document, (object) ['$ref' => 'file://' . realpath($schemaFile)]);
        return array_map(static fn (array $e): string => $e['property'] . ': ' . $e['message'], $validator->getErrors());
    }
}
