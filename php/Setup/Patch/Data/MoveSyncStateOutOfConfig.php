<?php
declare(strict_types=1);

namespace Aco\Connector\Setup\Patch\Data;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FullSyncQueue;
use Aco\Connector\Model\MagentoServices;
use Magento\Framework\Setup\Patch\DataPatchInterface;

/**
 * Upgrading from a version that kept its state in core_config_data: the full syncs it had queued
 * (`aco/sync/full_requested`) go to the queue (aco_full_sync), and that row and the scope fingerprint
 * (`aco/sync/scope_fingerprint`, kept in aco_sync_state now) leave core_config_data, where
 * `app:config:dump` would have exported them as settings.
 */
class MoveSyncStateOutOfConfig implements DataPatchInterface
{
    private const PATHS = ['aco/sync/full_requested', 'aco/sync/scope_fingerprint'];

    private MagentoServices $services;

    public function __construct(MagentoServices $services)
    {
        $this->services = $services;
    }

    public function apply()
    {
        $db = $this->services->database();
        $st = $db->prepare("SELECT value FROM {core_config_data} WHERE path = 'aco/sync/full_requested'");
        $st->execute();
        $queued = array_values(array_intersect(Feed::ORDER, explode(',', (string) $st->fetchColumn())));
        (new FullSyncQueue($db))->request($queued);
        $db->prepare('DELETE FROM {core_config_data} WHERE path IN (?, ?)')->execute(self::PATHS);
        return $this;
    }

    public static function getDependencies()
    {
        return [];
    }

    public function getAliases()
    {
        return [];
    }
}
