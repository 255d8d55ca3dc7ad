<?php
declare(strict_types=1);

namespace Aco\Connector\Setup;

use Aco\Connector\Model\Feed\ChangeCapture;
use Aco\Connector\Model\MagentoServices;
use Magento\Framework\Setup\InstallDataInterface;
use Magento\Framework\Setup\ModuleContextInterface;
use Magento\Framework\Setup\ModuleDataSetupInterface;

/**
 * On every setup:upgrade (after the store's data exists): the connector's change-capture triggers,
 * as declared now (a module upgrade may subscribe new tables; a store may have enabled or disabled
 * a module whose tables are subscribed). Each sync cycle checks them again (ChangeCapture::repair).
 * The module's own services (MagentoServices) are asked directly: setup has no ServicesProvider scope.
 */
class RecurringData implements InstallDataInterface
{
    private MagentoServices $services;

    public function __construct(MagentoServices $services)
    {
        $this->services = $services;
    }

    public function install(ModuleDataSetupInterface $setup, ModuleContextInterface $context)
    {
        // not before aco:config:init (which installs them): nothing would read the changelogs
        if ($this->services->services()->config()->isConfigured()) {
            (new ChangeCapture($this->services->database()))->install();
        }
    }
}
