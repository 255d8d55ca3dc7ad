<?php
declare(strict_types=1);

namespace Aco\Connector\Observer;

use Aco\Connector\Model\ServicesProvider;
use Aco\Connector\Model\Store\ExporterSwitch;
use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Magento\Framework\Indexer\IndexerRegistry;

/**
 * After a website or store view is saved (events website_save_after, store_save_after): if its
 * exporter switch changed, the affected feeds get a full sync and their indexers are invalidated.
 */
class ExporterSwitchChanged implements ObserverInterface
{
    /** Feed → indexer id (etc/indexer.xml). */
    private const INDEXERS = [
        'productAttributes' => 'aco_product_attributes', 'categories' => 'aco_categories', 'products' => 'aco_products',
        'priceBooks' => 'aco_price_books', 'prices' => 'aco_prices',
    ];

    private ServicesProvider $services;
    private IndexerRegistry $indexers;

    public function __construct(ServicesProvider $services, IndexerRegistry $indexers)
    {
        $this->services = $services;
        $this->indexers = $indexers;
    }

    public function execute(Observer $observer)
    {
        $event = $observer->getEvent();
        $scope = $event->getName() === 'website_save_after' ? 'website' : 'store';
        $model = $scope === 'website' ? $event->getWebsite() : $event->getStore();
        if (!$model || !$model->dataHasChangedFor('aco_exporter_enabled')) {
            return;
        }
        $switch = new ExporterSwitch($this->services->services()->config());
        foreach ($switch->changed($scope, $model->getOrigData('aco_exporter_enabled'), $model->getData('aco_exporter_enabled')) as $feed) {
            $this->indexers->get(self::INDEXERS[$feed])->invalidate();
        }
    }
}
