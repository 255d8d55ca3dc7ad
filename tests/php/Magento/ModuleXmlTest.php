<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedItemsQuery;
use PHPUnit\Framework\TestCase;

/**
 * The module's XML is what Magento reads at setup and run time, and Magento cannot run here: check
 * that every file parses, declares the schema Magento defines for it, uses only elements that schema
 * allows, and names only classes, templates, ACL resources and indexers that exist.
 * (The files were also validated against Magento 2.4's own XSDs when written.)
 */
final class ModuleXmlTest extends TestCase
{
    private const ROOT = __DIR__ . '/../../../php';

    /** path pattern => [schema URN, root element, elements that schema allows] */
    private const TYPES = [
        'etc/module.xml' => ['urn:magento:framework:Module/etc/module.xsd', 'config', ['config', 'module', 'sequence']],
        'etc/di.xml' => ['urn:magento:framework:ObjectManager/etc/config.xsd', 'config', ['config', 'preference', 'type', 'virtualType', 'arguments', 'argument', 'item', 'plugin']],
        'etc/adminhtml/di.xml' => ['urn:magento:framework:ObjectManager/etc/config.xsd', 'config', ['config', 'preference', 'type', 'virtualType', 'arguments', 'argument', 'item', 'plugin']],
        'etc/db_schema.xml' => ['urn:magento:framework:Setup/Declaration/Schema/etc/schema.xsd', 'schema', ['schema', 'table', 'column', 'constraint', 'index']],
        'etc/indexer.xml' => ['urn:magento:framework:Indexer/etc/indexer.xsd', 'config', ['config', 'indexer', 'title', 'description', 'dependencies', 'structure', 'saveHandler', 'fieldset', 'field']],
        'etc/mview.xml' => ['urn:magento:framework:Mview/etc/mview.xsd', 'config', ['config', 'view', 'subscriptions', 'table', 'additionalColumns', 'column']],
        'etc/crontab.xml' => ['urn:magento:module:Magento_Cron:etc/crontab.xsd', 'config', ['config', 'group', 'job', 'schedule', 'config_path']],
        'etc/cron_groups.xml' => ['urn:magento:module:Magento_Cron:etc/cron_groups.xsd', 'config', ['config', 'group', 'schedule_generate_every', 'schedule_ahead_for', 'schedule_lifetime', 'history_cleanup_every', 'history_success_lifetime', 'history_failure_lifetime', 'use_separate_process']],
        'etc/acl.xml' => ['urn:magento:framework:Acl/etc/acl.xsd', 'config', ['config', 'acl', 'resources', 'resource']],
        'etc/events.xml' => ['urn:magento:framework:Event/etc/events.xsd', 'config', ['config', 'event', 'observer']],
        'etc/adminhtml/events.xml' => ['urn:magento:framework:Event/etc/events.xsd', 'config', ['config', 'event', 'observer']],
        'etc/adminhtml/menu.xml' => ['urn:magento:module:Magento_Backend:etc/menu.xsd', 'config', ['config', 'menu', 'add', 'update', 'remove']],
        'etc/adminhtml/routes.xml' => ['urn:magento:framework:App/etc/routes.xsd', 'config', ['config', 'router', 'route', 'module']],
        'etc/adminhtml/system.xml' => ['urn:magento:module:Magento_Config:etc/system_file.xsd', 'config', ['config', 'system', 'tab', 'section', 'group', 'field', 'label', 'comment', 'tab', 'resource', 'validate', 'source_model', 'backend_model', 'frontend_model', 'config_path', 'depends']],
        'etc/config.xml' => ['urn:magento:module:Magento_Store:etc/config.xsd', 'config', null],
        'view/adminhtml/layout/*.xml' => ['urn:magento:framework:View/Layout/etc/page_configuration.xsd', 'page', ['page', 'body', 'referenceContainer', 'referenceBlock', 'block', 'uiComponent', 'arguments', 'argument', 'item']],
        'view/adminhtml/ui_component/*.xml' => ['urn:magento:module:Magento_Ui:etc/ui_configuration.xsd', 'listing', null],
    ];

    /** Magento classes the module names (all present in Magento Open Source 2.4's sources). */
    private const MAGENTO_CLASSES = [
        'Magento\Backend\Block\Widget\Grid\Column', 'Magento\Framework\Logger\Handler\Base', 'Monolog\Logger',
        'Magento\Framework\Console\CommandList', 'Magento\Store\Model\ResourceModel\Website\Collection',
        'Magento\Config\Model\Config\Backend\Encrypted', 'Magento\Config\Model\Config\Source\Yesno', 'Magento\Config\Model\Config\TypePool',
        'Magento\Config\Model\Config\Structure\ElementVisibilityComposite',
    ];

    /** @return array<string, \DOMDocument> relative path => document */
    private static function documents(): array
    {
        $out = [];
        $files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::ROOT . '/etc'));
        $view = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::ROOT . '/view'));
        foreach ([$files, $view] as $iterator) {
            foreach ($iterator as $file) {
                if ($file->isFile() && $file->getExtension() === 'xml') {
                    $doc = new \DOMDocument();
                    self::assertTrue(@$doc->load($file->getPathname()), "{$file->getPathname()} is not well-formed XML");
                    $out[substr($file->getPathname(), strlen(self::ROOT) + 1)] = $doc;
                }
            }
        }
        ksort($out);
        return $out;
    }

    private static function type(string $path): array
    {
        foreach (self::TYPES as $pattern => $type) {
            if (fnmatch($pattern, $path)) {
                return $type;
            }
        }
        self::fail("$path: unknown kind of Magento XML");
    }

    public function test_every_file_declares_its_magento_schema_and_uses_only_its_elements(): void
    {
        $documents = self::documents();
        self::assertGreaterThanOrEqual(20, count($documents));
        foreach ($documents as $path => $doc) {
            [$urn, $root, $allowed] = self::type($path);
            self::assertSame($root, $doc->documentElement->tagName, $path);
            self::assertSame($urn, $doc->documentElement->getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'noNamespaceSchemaLocation'), $path);
            if ($allowed !== null) {
                foreach ($doc->getElementsByTagName('*') as $element) {
                    self::assertContains($element->tagName, $allowed, "$path: <{$element->tagName}> is not allowed there");
                }
            }
        }
    }

    /** Class names in XML: attributes, object arguments and model elements. @return array<string, list<string>> */
    private static function classReferences(): array
    {
        $refs = [];
        foreach (self::documents() as $path => $doc) {
            $xpath = new \DOMXPath($doc);
            foreach ($xpath->query('//@class | //@instance | //@type | //@for') as $attr) {
                if (str_contains($attr->value, '\\')) {
                    $refs[$attr->value][] = $path;
                }
            }
            foreach ($xpath->query('//*[@xsi:type="object"] | //source_model | //backend_model', null) ?: [] as $node) {
                $refs[trim($node->textContent)][] = $path;
            }
            foreach ($xpath->query('//argument[@name="renderer"]') as $node) {
                $refs[trim($node->textContent)][] = $path;
            }
        }
        return $refs;
    }

    public function test_every_class_named_in_xml_exists(): void
    {
        $virtual = [];
        foreach (self::documents() as $doc) {
            foreach ($doc->getElementsByTagName('virtualType') as $v) {
                $virtual[] = $v->getAttribute('name');
            }
        }
        foreach (self::classReferences() as $class => $paths) {
            if (in_array($class, $virtual, true)) {
                continue;
            }
            if (str_starts_with($class, 'Aco\\Connector\\')) {
                $file = self::ROOT . '/' . str_replace('\\', '/', substr($class, strlen('Aco\\Connector\\'))) . '.php';
                self::assertFileExists($file, "$class named in " . implode(', ', $paths));
            } else {
                self::assertContains($class, self::MAGENTO_CLASSES, "$class (in " . implode(', ', $paths) . ') is not a Magento class this module is known to use');
            }
        }
    }

    public function test_indexers_views_acl_and_templates_fit_together(): void
    {
        $docs = self::documents();
        $indexers = [];
        foreach ($docs['etc/indexer.xml']->documentElement->childNodes as $i) {
            if ($i instanceof \DOMElement && $i->tagName === 'indexer') {
                $indexers[$i->getAttribute('id')] = $i->getAttribute('view_id');
            }
        }
        $views = [];
        foreach ($docs['etc/mview.xml']->getElementsByTagName('view') as $v) {
            $views[] = $v->getAttribute('id');
        }
        self::assertSame(array_map(static fn (Feed $f): string => $f->view(), Feed::all()), array_values($indexers), 'one indexer per feed, named after its view (Feed)');
        self::assertSame(array_keys($indexers), $views);
        self::assertCount(count(Feed::ORDER), $indexers);

        $acl = [];
        foreach ($docs['etc/acl.xml']->getElementsByTagName('resource') as $r) {
            $acl[] = $r->getAttribute('id');
        }
        foreach ($docs['etc/adminhtml/menu.xml']->getElementsByTagName('add') as $add) {
            self::assertContains($add->getAttribute('resource'), $acl, 'menu item ' . $add->getAttribute('id'));
        }
        foreach (glob(self::ROOT . '/Controller/Adminhtml/*/*.php') as $controller) {
            self::assertSame(1, preg_match("/ADMIN_RESOURCE = '([^']+)'/", (string) file_get_contents($controller), $m), $controller);
            self::assertContains($m[1], $acl, $controller);
        }
        foreach ($docs as $path => $doc) {
            foreach ((new \DOMXPath($doc))->query('//@template | //aclResource') as $node) {
                $value = $node instanceof \DOMAttr ? $node->value : $node->textContent;
                if (str_starts_with($value, 'Aco_Connector::') && str_ends_with($value, '.phtml')) {
                    self::assertFileExists(self::ROOT . '/view/adminhtml/templates/' . substr($value, strlen('Aco_Connector::')), $path);
                } elseif (str_starts_with($value, 'Aco_Connector::')) {
                    self::assertContains($value, $acl, $path);
                }
            }
        }
        self::assertFileExists(self::ROOT . '/view/adminhtml/templates/connection_status.phtml');
    }

    public function test_listings_index_their_rows_and_sort_only_by_what_their_provider_sorts(): void
    {
        $docs = self::documents();
        // listing => [field identifying a row, columns its provider sorts by, filter that changes what an id means]
        $listings = [
            'view/adminhtml/ui_component/aco_feed_listing.xml' => ['feed', [], ''],
            'view/adminhtml/ui_component/aco_feed_item_listing.xml' => ['feed_id', FeedItemsQuery::COLUMNS, 'filters.feed'],
        ];
        foreach ($listings as $path => [$index, $sorts, $scope]) {
            $xpath = new \DOMXPath($docs[$path]);
            // Magento's grid storage keeps rows by indexField (entity_id unless set): rows without it all
            // land on one key, and a cached request shows that row repeated
            self::assertSame($index, $xpath->evaluate('string(//dataSource/settings/storageConfig/param[@name="indexField"])'), $path);
            self::assertSame($index, $xpath->evaluate('string(//dataProvider/settings/primaryFieldName)'), $path);
            // the cache of requests is dropped when this changes (feed ids repeat across feeds)
            self::assertSame($scope, $xpath->evaluate('string(//dataSource/settings/storageConfig/param[@name="dataScope"])'), $path);
            foreach ($xpath->query('//columns/column') as $column) {
                if ($xpath->evaluate('string(settings/sortable)', $column) !== 'false') {
                    self::assertContains($column->getAttribute('name'), $sorts, "$path: a sortable column the provider cannot sort by");
                }
            }
        }
    }

    public function test_each_admin_page_has_one_menu_entry(): void
    {
        $actions = [];
        foreach (self::documents()['etc/adminhtml/menu.xml']->getElementsByTagName('add') as $add) {
            if ($add->getAttribute('action') !== '') {
                $actions[$add->getAttribute('action')][] = $add->getAttribute('id');
            }
        }
        foreach ($actions as $action => $ids) {
            self::assertCount(1, $ids, "$action opened by " . implode(', ', $ids));
        }
    }

    public function test_the_schema_whitelist_is_what_magentos_generate_whitelist_writes_for_the_schema(): void
    {
        // setup:db-declaration:generate-whitelist merges into the file what the schema declares: per
        // table its columns, then its indexes and constraints by the names Magento gives them. What the
        // file knows beyond that is history (keys declared once, since retired), which is what lets
        // Magento, and SchemaInstaller standalone, drop them from older databases; it stays.
        $declared = [];
        foreach (self::documents()['etc/db_schema.xml']->getElementsByTagName('table') as $table) {
            $name = $table->getAttribute('name');
            foreach (['column', 'index', 'constraint'] as $kind) {
                foreach ($table->getElementsByTagName($kind) as $node) {
                    if ($node->parentNode !== $table) {
                        continue;
                    }
                    $id = $kind === 'column' ? $node->getAttribute('name') : self::magentoIndexName($name, $node);
                    $declared[$name][$kind][$id] = true;
                }
            }
        }
        $file = (string) file_get_contents(self::ROOT . '/etc/db_schema_whitelist.json');
        $known = json_decode($file, true, 512, JSON_THROW_ON_ERROR);
        self::assertSame(json_encode(array_replace_recursive($known, $declared), JSON_PRETTY_PRINT), $file, 'regenerating it changes nothing');
    }

    /** ElementNameResolver::getFullIndexName, for names short enough not to be hashed. */
    private static function magentoIndexName(string $table, \DOMElement $node): string
    {
        if ($node->getAttribute('xsi:type') === 'primary') {
            return 'PRIMARY';
        }
        $columns = [];
        foreach ($node->getElementsByTagName('column') as $column) {
            $columns[] = $column->getAttribute('name');
        }
        $name = strtoupper($table . '_' . implode('_', $columns));
        self::assertLessThanOrEqual(64, strlen($name), "$name: Magento would shorten it");
        self::assertSame($name, $node->getAttribute('referenceId'), 'referenceId is the name Magento gives it');
        return $name;
    }

    public function test_the_sequence_is_every_magento_module_used_and_required_for_2_4_5_and_newer_and_optional_ones_are_suggested(): void
    {
        // modules whose classes the code names, or whose schemas, ACL and menu ids the XML uses
        $used = [];
        $files = new \RegexIterator(new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::ROOT)), '/\.(php|phtml|xml)$/');
        foreach ($files as $file) {
            if ($file->getFilename() === 'SourceOptions.php') {
                continue;   // names source models only as the eav_attribute.source_model values it knows; loads none
            }
            preg_match_all('/Magento\\\\(?!Framework\\\\)(\w+)\\\\|Magento_(\w+)/', (string) file_get_contents($file->getPathname()), $m);
            foreach (array_filter(array_merge($m[1], $m[2])) as $module) {
                $used['Magento_' . $module] = true;
            }
        }
        // modules whose tables are read only when present: not in the sequence, which would require them
        $used = array_diff_key($used, \Aco\Connector\Model\Catalog\CatalogSchema::OPTIONAL_TABLES);
        ksort($used);
        $sequence = [];
        foreach (self::documents()['etc/module.xml']->getElementsByTagName('module') as $module) {
            if ($module->parentNode->nodeName === 'sequence') {
                $sequence[] = $module->getAttribute('name');
            }
        }
        self::assertSame([], array_values(array_diff(array_keys($used), $sequence)), 'used but not in module.xml\'s sequence');
        $require = json_decode((string) file_get_contents(self::ROOT . '/../composer.json'), true, 512, JSON_THROW_ON_ERROR)['require'];
        self::assertSame('^103.0.5', $require['magento/framework'] ?? null, 'Magento 2.4.5 ships magento/framework 103.0.5');
        $package = static fn (string $module): string => 'magento/module-' . strtolower((string) preg_replace('/(?<!^)[A-Z]/', '-$0', substr($module, strlen('Magento_'))));
        foreach ($sequence as $module) {
            self::assertMatchesRegularExpression('/^\^\d+\.\d+\.5$/', $require[$package($module)] ?? '', "$module: {$package($module)} at its 2.4.5 version or newer");
        }
        $modules = array_filter(array_keys($require), static fn (string $name): bool => str_starts_with($name, 'magento/module-'));
        self::assertSame([], array_values(array_diff($modules, array_map($package, $sequence))), 'required but not in the sequence');
        // a store may run without them: suggested, never required
        $suggest = json_decode((string) file_get_contents(self::ROOT . '/../composer.json'), true, 512, JSON_THROW_ON_ERROR)['suggest'];
        foreach ([...array_keys(\Aco\Connector\Model\Catalog\CatalogSchema::OPTIONAL_TABLES), 'Magento_GroupedProduct'] as $module) {
            self::assertArrayNotHasKey($package($module), $require);
            self::assertArrayHasKey($package($module), $suggest);
        }
    }

    public function test_every_php_file_of_the_module_lints(): void
    {
        $files = new \RegexIterator(new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::ROOT)), '/\.(php|phtml)$/');
        $count = 0;
        foreach ($files as $file) {
            exec(escapeshellarg(PHP_BINARY) . ' -l ' . escapeshellarg($file->getPathname()) . ' 2>&1', $out, $status);
            self::assertSame(0, $status, implode("\n", $out));
            $count++;
        }
        self::assertGreaterThan(40, $count);
    }
}
