<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Budget;

/** The daily quota has no room for this priority until $until (unix time): the run stops and goes on then. */
final class BudgetExhausted extends \RuntimeException
{
    public function __construct(public readonly float $until)
    {
        parent::__construct('the daily product quota is used up until ' . gmdate('Y-m-d H:i', (int) $until) . ' UTC');
    }
}
