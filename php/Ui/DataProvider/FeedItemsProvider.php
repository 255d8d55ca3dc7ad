<?php
declare(strict_types=1);

namespace Aco\Connector\Ui\DataProvider;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedItemsQuery;
use Aco\Connector\Model\ServicesProvider;
use Magento\Framework\Api\Filter;
use Magento\Ui\DataProvider\AbstractDataProvider;

/**
 * Rows of the feed items grid (ui_component aco_feed_item_listing): the grid's filters, sort and
 * paging go to FeedItemsQuery, which binds every value (no filter text reaches SQL).
 */
class FeedItemsProvider extends AbstractDataProvider
{
    private const FILTERS = ['feed', 'item_key' => 'key', 'scope' => 'scope', 'status' => 'status', 'source_entity_id' => 'entity_id',
        'error_message' => 'error', 'is_deleted' => 'deleted'];

    private ServicesProvider $services;
    /** @var array<string, string> */
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
        $field = (string) $filter->getField();
        $key = $field === 'feed' ? 'feed' : (self::FILTERS[$field] ?? null);
        if ($key !== null) {
            $this->filters[$key] = trim((string) $filter->getValue(), '%');
        }
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
        $filters = $this->filters;
        try {
            $feed = Feed::named($filters['feed'] ?? Feed::PRODUCTS);
        } catch (\InvalidArgumentException $e) {
            return ['totalRecords' => 0, 'items' => []];
        }
        unset($filters['feed']);
        $result = (new FeedItemsQuery($this->services->services()->pdo()))->find($feed, $filters, $this->sort, $this->direction, $this->page, $this->pageSize);
        foreach ($result['items'] as &$item) {
            $item['feed'] = $feed->name;
        }
        return $result;
    }
}
