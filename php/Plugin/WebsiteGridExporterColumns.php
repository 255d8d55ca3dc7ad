<?php
declare(strict_types=1);

namespace Aco\Connector\Plugin;

use Magento\Store\Model\ResourceModel\Website\Collection;

/**
 * Stores > All Stores: the grid's collection joins groups and store views; add both exporter
 * switches so the "ACO exporter" column can show them.
 */
class WebsiteGridExporterColumns
{
    public function afterJoinGroupAndStore(Collection $subject, Collection $result): Collection
    {
        if (!$result->getFlag('aco_exporter_columns')) {
            $result->getSelect()->columns([
                'aco_website_exporter' => 'main_table.aco_exporter_enabled',
                'aco_store_exporter' => 'store_table.aco_exporter_enabled',
            ]);
            $result->setFlag('aco_exporter_columns', true);
        }
        return $result;
    }
}
