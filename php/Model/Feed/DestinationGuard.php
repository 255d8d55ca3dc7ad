<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Config\ConnectionConfig;

/**
 * The destination (region, environment, tenant, API URL) a sync's client was built for. Read before
 * the client is built, so a change in between is seen, never missed.
 */
final class DestinationGuard
{
    private ConnectionConfig $config;
    private string $destination;

    public function __construct(ConnectionConfig $config)
    {
        $this->config = $config;
        $this->destination = $config->destination();
    }

    /** @throws DestinationChanged when aco:config:init stored another destination since */
    public function check(): void
    {
        if ($this->config->destination() !== $this->destination) {
            throw new DestinationChanged('the connection moved to a new destination (aco:config:init) since this sync started: stopped; '
                . 'the next aco:sync sends everything to the new one');
        }
    }
}
