<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

/**
 * A command-line value or combination that can never work: the command exits 2 with the message.
 */
final class InvalidOption extends \InvalidArgumentException
{
}
