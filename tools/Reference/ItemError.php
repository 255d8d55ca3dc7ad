<?php
declare(strict_types=1);

namespace Aco\Connector\Tools\Reference;

/** An item the reference mapping refuses; `field` is the field the extension would name. */
final class ItemError extends \RuntimeException
{
    public function __construct(public readonly string $field)
    {
        parent::__construct($field);
    }
}
