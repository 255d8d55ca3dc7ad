<?php
declare(strict_types=1);

namespace Aco\Connector\Ui\DataProvider;

use Aco\Connector\Model\Feed\FeedSummary;
use Aco\Connector\Model\ServicesProvider;
use Magento\Framework\Api\Filter;
use Magento\Ui\DataProvider\AbstractDataProvider;

/**
 * Rows of the feed summary grid (ui_component aco_feed_listing), from FeedSummary.
 */
class FeedSummaryProvider extends AbstractDataProvider
{
    private ServicesProvider $services;

    public function __construct($name, $primaryFieldName, $requestFieldName, ServicesProvider $services, array $meta = [], array $data = [])
    {
        $this->services = $services;
        parent::__construct($name, $primaryFieldName, $requestFieldName, $meta, $data);
    }

    public function getData()
    {
        $rows = (new FeedSummary($this->services->services()->db()))->rows();
        return ['totalRecords' => count($rows), 'items' => $rows];
    }

    public function addFilter(Filter $filter)
    {
        // five rows: nothing to filter
    }

    public function addOrder($field, $direction)
    {
    }

    public function setLimit($offset, $size)
    {
    }
}
