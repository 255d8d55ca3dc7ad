<?php
declare(strict_types=1);

namespace Aco\Connector\Cron;

use Aco\Connector\Model\Feed\FeedMaintenance;
use Aco\Connector\Model\ServicesProvider;

/**
 * Daily: forgets feed rows of items deleted from ACO more than 30 days ago.
 */
class CleanupDeleted
{
    private ServicesProvider $services;

    public function __construct(ServicesProvider $services)
    {
        $this->services = $services;
    }

    public function execute(): void
    {
        (new FeedMaintenance($this->services->services()->db()))->purgeDeleted(30);
    }
}
