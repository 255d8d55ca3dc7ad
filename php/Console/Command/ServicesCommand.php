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
    protected ServicesProvider $services;

    public function __construct(ServicesProvider $services)
    {
        $this->services = $services;
        parent::__construct();
    }
}
