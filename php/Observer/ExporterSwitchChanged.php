<?php
declare(strict_types=1);

namespace Aco\Connector\Observer;

use Aco\Connector\Model\ServicesProvider;
use Aco\Connector\Model\Store\ExporterSwitch;
use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;

/**
 * After a website or store view is saved (events website_save_after, store_save_after): if its
 * exporter switch changed, the affected feeds get one full sync, run by the connector's cron
 * (SyncCycle). Their indexers are left valid: an invalid indexer is also reindexed in full by
 * Magento's index cron (indexer_reindex_all_invalid), which would make it two.
 */
class ExporterSwitchChanged implements ObserverInterface
{
    private ServicesProvider $services;

    public function __construct(ServicesProvider $services)
    {
        $this->services = $services;
    }

    public function execute(Observer $observer)
    {
        $event = $observer->getEvent();
        $scope = $event->getName() === 'website_save_after' ? 'website' : 'store';
        $model = $scope === 'website' ? $event->getWebsite() : $event->getStore();
        if (!$model || !$model->dataHasChangedFor('aco_exporter_enabled')) {
            return;
        }
        (new ExporterSwitch($this->services->services()->queue()))->changed($scope, $model->getOrigData('aco_exporter_enabled'), $model->getData('aco_exporter_enabled'));
    }
}
