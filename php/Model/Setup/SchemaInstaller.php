<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Setup;

use Aco\Connector\Model\Database;

/**
 * Creates this module's tables and columns outside Magento (bin/aco, tests) from the same
 * etc/db_schema.xml Magento's declarative schema reads: a table the file defines completely (it has
 * a primary key) is created if missing and gets the indexes and unique keys it lacks and the
 * declared primary key, losing those the whitelist (etc/db_schema_whitelist.json) knows but the
 * file no longer declares, as Magento does on upgrade; a table it only extends (store,
 * store_website) gets the missing columns. Tables carry the store's prefix (Database::table), as
 * Magento's installer gives them. Supports the column types the file uses. Tables collate as
 * Magento's declarative schema makes its own (`*_general_ci`), not by the server's default: MariaDB
 * 11's (`utf8mb4_uca1400_ai_ci`) sorts `_` before `-`, so the admin grid's pages would differ.
 */
class SchemaInstaller
{
    private const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

    private Database $db;
    private string $schemaFile;
    private string $whitelistFile;

    public function __construct(Database $db, ?string $schemaFile = null)
    {
        $this->db = $db;
        $this->schemaFile = $schemaFile ?? dirname(__DIR__, 2) . '/etc/db_schema.xml';
        $this->whitelistFile = dirname($this->schemaFile) . '/db_schema_whitelist.json';
    }

    /** @return list<string> the statements run */
    public function install(): array
    {
        $run = [];
        foreach ($this->statements() as $sql) {
            $this->db->exec($sql);
            $run[] = $sql;
        }
        return $run;
    }

    /** @return list<string> */
    public function statements(): array
    {
        $doc = new \DOMDocument();
        if (!$doc->load($this->schemaFile)) {
            throw new \RuntimeException("cannot read {$this->schemaFile}");
        }
        $whitelist = is_file($this->whitelistFile) ? json_decode((string) file_get_contents($this->whitelistFile), true, 512, JSON_THROW_ON_ERROR) : [];
        $statements = [];
        foreach ($doc->getElementsByTagName('table') as $table) {
            $declared = $table->getAttribute('name');
            $name = $this->db->table($declared);
            $columns = [];
            $primary = null;
            $keys = ['index' => [], 'unique' => []];
            foreach ($table->childNodes as $node) {
                if (!$node instanceof \DOMElement) {
                    continue;
                }
                $type = $node->getAttributeNS(self::XSI, 'type');
                if ($node->tagName === 'column') {
                    $columns[$node->getAttribute('name')] = $this->column($node);
                } elseif ($node->tagName === 'constraint' && $type === 'primary') {
                    $primary = $this->columnList($node);
                } elseif ($node->tagName === 'constraint' && $type === 'unique') {
                    $keys['unique'][$node->getAttribute('referenceId')] = $this->columnList($node);
                } elseif ($node->tagName === 'index') {
                    $keys['index'][$node->getAttribute('referenceId')] = $this->columnList($node);
                }
            }
            if ($primary !== null) {
                $defs = array_merge(array_map(static fn (string $c, string $d): string => "`$c` $d", array_keys($columns), $columns), ["PRIMARY KEY ($primary)"],
                    array_map(static fn (string $key, string $list): string => "UNIQUE KEY `$key` ($list)", array_keys($keys['unique']), $keys['unique']),
                    array_map(static fn (string $index, string $list): string => "KEY `$index` ($list)", array_keys($keys['index']), $keys['index']));
                $statements[] = "CREATE TABLE IF NOT EXISTS `$name` (\n  " . implode(",\n  ", $defs) . "\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci";
                $retired = array_diff_key(($whitelist[$declared]['index'] ?? []) + ($whitelist[$declared]['constraint'] ?? []), $keys['index'] + $keys['unique'] + ['PRIMARY' => true]);
                foreach ($retired as $gone => $_) {
                    $statements[] = "ALTER TABLE `$name` DROP INDEX IF EXISTS `$gone`";
                }
                foreach ($keys['unique'] as $key => $list) {
                    $statements[] = "ALTER TABLE `$name` ADD UNIQUE KEY IF NOT EXISTS `$key` ($list)";
                }
                foreach ($keys['index'] as $index => $list) {
                    $statements[] = "ALTER TABLE `$name` ADD INDEX IF NOT EXISTS `$index` ($list)";
                }
                $existing = $this->primaryKey($name);
                if ($existing !== null && $existing !== $primary) {
                    $statements[] = "ALTER TABLE `$name` DROP PRIMARY KEY, ADD PRIMARY KEY ($primary)";
                }
            } else {
                foreach ($columns as $column => $definition) {
                    $statements[] = "ALTER TABLE `$name` ADD COLUMN IF NOT EXISTS `$column` $definition";
                }
            }
        }
        return $statements;
    }

    /** The primary key's column list of an existing table (as columnList() writes it), or null. */
    private function primaryKey(string $table): ?string
    {
        $st = $this->db->prepare("SELECT COLUMN_NAME FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX");
        $st->execute([$table]);
        $names = $st->fetchAll(\PDO::FETCH_COLUMN);
        return $names === [] ? null : implode(', ', array_map(static fn (string $c): string => "`$c`", $names));
    }

    private function columnList(\DOMElement $node): string
    {
        $names = [];
        foreach ($node->getElementsByTagName('column') as $column) {
            $names[] = '`' . $column->getAttribute('name') . '`';
        }
        return implode(', ', $names);
    }

    private function column(\DOMElement $c): string
    {
        $type = $c->getAttributeNS(self::XSI, 'type');
        $sql = match ($type) {
            'int', 'smallint', 'bigint' => $type . ($c->getAttribute('unsigned') === 'true' ? ' unsigned' : ''),
            'varchar' => 'varchar(' . ($c->getAttribute('length') ?: '255') . ')',
            'text', 'mediumtext', 'datetime', 'timestamp' => $type,
            'boolean' => 'tinyint(1)',
            default => throw new \RuntimeException("column type $type is not supported by the standalone installer"),
        };
        $sql .= $c->getAttribute('nullable') === 'false' ? ' NOT NULL' : ' NULL';
        if ($c->getAttribute('identity') === 'true') {
            return $sql . ' AUTO_INCREMENT';
        }
        if ($c->hasAttribute('default')) {
            $default = $c->getAttribute('default');
            $sql .= ' DEFAULT ' . match (true) {
                $type === 'boolean' => $default === 'true' ? '1' : '0',
                $default === 'CURRENT_TIMESTAMP', is_numeric($default) => $default,
                default => $this->db->pdo()->quote($default),
            };
        }
        if ($c->getAttribute('on_update') === 'true') {
            $sql .= ' ON UPDATE CURRENT_TIMESTAMP';
        }
        return $sql;
    }
}
