<?php
declare(strict_types=1);

namespace Aco\Connector\Ui\DataProvider;

use Aco\Connector\Model\Feed\FailureText;
use Aco\Connector\Model\Feed\FeedItemsQuery;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Model\ServicesProvider;
use Aco\Connector\Ui\FeedItemsGrid;
use Magento\Framework\Api\Filter;
use Magento\Ui\DataProvider\AbstractDataProvider;

/**
 * Rows of the feed items grid (ui_component aco_feed_item_listing): the grid's filters, read as
 * FeedItemsGrid reads them, sort and paging go to FeedItemsQuery, which binds every value (no
 * filter text reaches SQL).
 */
class FeedItemsProvider extends AbstractDataProvider
{
    private ServicesProvider $services;
    /** @var array<string, mixed> grid column => value as typed */
    private array $filters = [];
    private string $sort = 'modified_at';
    private string $direction = 'desc';
    private int $page = 1;
    private int $pageSize = 20;

    public function __construct($name, $primaryFieldName, $requestFieldName, ServicesProvider $services, array $meta = [], array $data = [])
    {
        $this->services = $services;
        parent::__construct($name, $primaryFieldName, $requestFieldName, $meta, $data);
    }

    public function addFilter(Filter $filter)
    {
        $value = $filter->getValue();
        $this->filters[(string) $filter->getField()] = $filter->getConditionType() === 'like' && is_string($value) ? FeedItemsGrid::typed($value) : $value;
    }

    public function addOrder($field, $direction)
    {
        $this->sort = (string) $field;
        $this->direction = (string) $direction;
    }

    public function setLimit($offset, $size)
    {
        $this->page = max(1, (int) $offset);
        $this->pageSize = max(1, (int) $size);
    }

    public function getData()
    {
        try {
            [$feed, $filters] = FeedItemsGrid::query($this->filters);
        } catch (\InvalidArgumentException $e) {
            return ['totalRecords' => 0, 'items' => []];
        }
        $services = $this->services->services();
        $result = (new FeedItemsQuery($services->db()))->find($feed, $filters, $this->sort, $this->direction, $this->page, $this->pageSize);
        $text = new FailureText($services->stores());
        foreach ($result['items'] as &$item) {
            $item['feed'] = $feed->name;
            if (in_array((int) $item['status'], ItemStatus::FAILED, true)) {
                // the Error column as aco:status --failed says it: where in Magento, who refused, what to change
                $item['error_message'] = $text->line($feed, $item);
            }
        }
        return $result;
    }
}
