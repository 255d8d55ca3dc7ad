<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\ServicesProvider;
use Symfony\Component\Console\Command\Command;

/**
 * An `aco:*` command: works through the services of its host (Magento's DI or bin/aco's standalone
 * environment), which it is given and nothing else.
 */
abstract class ServicesCommand extends Command
{
    /**
     * The exit codes the README promises. Not Command::SUCCESS/FAILURE/INVALID: Magento 2.4.4-2.4.6 ship
     * symfony/console 4.4, which has none of them (SUCCESS/FAILURE came in 5.1, INVALID in 5.3).
     */
    public const EXIT_OK = 0;
    public const EXIT_FAILED = 1;
    public const EXIT_INVALID = 2;

    protected ServicesProvider $services;

    public function __construct(ServicesProvider $services)
    {
        $this->services = $services;
        parent::__construct();
    }
}
