<?php
declare(strict_types=1);

namespace Aco\Connector\Setup\Patch\Data;

use Magento\Framework\Setup\ModuleDataSetupInterface;
use Magento\Framework\Setup\Patch\DataPatchInterface;

/**
 * The last connection test, kept in core_config_data by earlier versions, moves to the module's
 * `aco_state` table: app:config:dump would export it to app/etc/config.php and lock it there.
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
