<?php
declare(strict_types=1);

namespace Aco\Connector\Model;

/**
 * The store's database as the connector uses it: a PDO connection plus the store's table names.
 * SQL names every table in braces, `SELECT … FROM {catalog_product_entity} e`, and the braces become
 * the store's name for it: Magento's table prefix (env.php `db/table_prefix`), resolved inside Magento
 * by ResourceConnection::getTableName, standalone from ACO_DB_TABLE_PREFIX.
 */
final class Database
{
    private \PDO $pdo;
    /** @var callable(string): string */
    private $resolve;
    /** @var array<string, string> */
    private array $names = [];
    private ?string $database = null;
    /** @var array<string, true> */
    private array $absent;

    /**
     * @param (callable(string): string)|null $tableName the store's name of a table (default: as written)
     * @param list<string> $absent tables the store does without although they are there: a disabled
     *   module's, which Magento leaves in the database (hasTable() says no)
     */
    public function __construct(\PDO $pdo, ?callable $tableName = null, array $absent = [])
    {
        $this->pdo = $pdo;
        $this->resolve = $tableName ?? static fn (string $table): string => $table;
        $this->absent = array_fill_keys($absent, true);
    }

    /** A database whose tables carry $prefix, the way Magento prefixes them (never twice). */
    public static function prefixed(\PDO $pdo, string $prefix): self
    {
        if ($prefix !== '' && !preg_match('/^[A-Za-z0-9_]+$/', $prefix)) {
            throw new \InvalidArgumentException("a table prefix has only letters, digits and '_', not \"$prefix\"");
        }
        return new self($pdo, static fn (string $table): string => $prefix === '' || str_starts_with($table, $prefix) ? $table : $prefix . $table);
    }

    public function pdo(): \PDO
    {
        return $this->pdo;
    }

    /** The database's name (the connection's current one). */
    public function name(): string
    {
        return $this->database ??= (string) $this->pdo->query('SELECT DATABASE()')->fetchColumn();
    }

    /** The store's name of $table. */
    public function table(string $table): string
    {
        return $this->names[$table] ??= ($this->resolve)($table);
    }

    /** $sql with every `{table}` replaced by the store's name of the table. */
    public function sql(string $sql): string
    {
        return preg_replace_callback('/\{([a-z][a-z0-9_]*)\}/', fn (array $m): string => $this->table($m[1]), $sql);
    }

    public function prepare(string $sql): \PDOStatement
    {
        return $this->pdo->prepare($this->sql($sql));
    }

    public function query(string $sql): \PDOStatement
    {
        return $this->pdo->query($this->sql($sql));
    }

    public function exec(string $sql): int
    {
        return (int) $this->pdo->exec($this->sql($sql));
    }

    /**
     * A statement that waited too long for a row lock another transaction holds (1205: lock wait
     * timeout), or was picked to end a deadlock (1213): the transaction's work is undone or can be
     * retried; nothing is wrong with the data or the connection.
     */
    public static function isLockConflict(\PDOException $e): bool
    {
        return in_array((int) ($e->errorInfo[1] ?? 0), [1205, 1213], true);
    }

    /** Placeholders for $n values (`IN (?,?,…)`). */
    public static function marks(int $n): string
    {
        return implode(',', array_fill(0, $n, '?'));
    }

    /** Whether the store has $table (asked anew each time: a changelog may appear later). */
    public function hasTable(string $table): bool
    {
        if (isset($this->absent[$table])) {
            return false;
        }
        $st = $this->pdo->prepare('SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?');
        $st->execute([$this->table($table)]);
        return (int) $st->fetchColumn() > 0;
    }

    public function hasColumn(string $table, string $column): bool
    {
        $st = $this->pdo->prepare('SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?');
        $st->execute([$this->table($table), $column]);
        return (int) $st->fetchColumn() > 0;
    }

    /**
     * Runs $work as one transaction, or inside the caller's when one is open: written whole or not
     * at all, with one commit instead of one per statement.
     *
     * @template T
     * @param callable(): T $work
     * @return T
     */
    public function atomically(callable $work): mixed
    {
        if ($this->pdo->inTransaction()) {
            return $work();
        }
        $this->pdo->beginTransaction();
        try {
            $result = $work();
            $this->pdo->commit();
            return $result;
        } catch (\Throwable $e) {
            $this->pdo->rollBack();
            throw $e;
        }
    }
}
