<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento\Fakes;

/**
 * A Magento-style data object: getFoo()/setFoo() over an array, with original data to tell what
 * changed (as AbstractModel::dataHasChangedFor).
 */
final class Bag
{
    /** @param array<string, mixed> $data @param array<string, mixed> $orig */
    public function __construct(private array $data = [], private array $orig = [])
    {
    }

    public function getData(string $key): mixed
    {
        return $this->data[$key] ?? null;
    }

    public function getOrigData(string $key): mixed
    {
        return $this->orig[$key] ?? null;
    }

    public function dataHasChangedFor(string $key): bool
    {
        return ($this->data[$key] ?? null) != ($this->orig[$key] ?? null);
    }

    public function __call(string $name, array $args): mixed
    {
        $key = lcfirst(substr($name, 3));
        if (str_starts_with($name, 'get')) {
            return $this->data[$key] ?? null;
        }
        $this->data[$key] = $args[0] ?? null;
        return $this;
    }
}
