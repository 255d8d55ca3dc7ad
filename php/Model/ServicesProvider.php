<?php
declare(strict_types=1);

namespace Aco\Connector\Model;

/**
 * Hands out the wired services on first use: console commands are built when bin/magento starts,
 * long before (and often without) connecting to anything.
 */
interface ServicesProvider
{
    public function services(): Services;

    /** Services over a new database connection: the one `services()` used was lost (aco:sync --watch). */
    public function reconnect(): Services;
}
