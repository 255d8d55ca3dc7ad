<?php
declare(strict_types=1);

namespace Aco\Connector\Setup\Patch\Data;

use Aco\Connector\Model\Feed\Feed;
use Magento\Framework\Setup\ModuleDataSetupInterface;
use Magento\Framework\Setup\Patch\DataPatchInterface;

/**
 * The state earlier versions kept in core_config_data leaves it (app:config:dump would export it to
 * app/etc/config.php and lock it there): the last connection test moves to `aco_state`, the full
 * syncs they had queued to `aco_full_sync`; the scope fingerprint goes (the next cycle records it).
 */
class MoveStateOutOfConfig implements DataPatchInterface
{
    private const MOVED = ['aco/connection/last_test' => 'last_test'];

    private ModuleDataSetupInterface $setup;

    public function __construct(ModuleDataSetupInterface $setup)
    {
        $this->setup = $setup;
    }

    public function apply()
    {
        $db = $this->setup->getConnection();
        $config = $this->setup->getTable('core_config_data');
        foreach (self::MOVED as $path => $name) {
            $value = $db->fetchOne($db->select()->from($config, 'value')->where('path = ?', $path)->where('scope = ?', 'default'));
            if ($value !== false && $value !== null) {
                $db->insertOnDuplicate($this->setup->getTable('aco_state'), ['name' => $name, 'value' => $value], ['value']);
            }
            $db->delete($config, ['path = ?' => $path]);
        }
        $queued = $db->fetchOne($db->select()->from($config, 'value')->where('path = ?', 'aco/sync/full_requested'));
        foreach (array_intersect(Feed::ORDER, explode(',', (string) $queued)) as $feed) {
            $db->insertOnDuplicate($this->setup->getTable('aco_full_sync'), ['feed' => $feed, 'requested_at' => gmdate('Y-m-d H:i:s')], ['requested_at']);
        }
        $db->delete($config, ['path IN (?)' => ['aco/sync/full_requested', 'aco/sync/scope_fingerprint']]);
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
