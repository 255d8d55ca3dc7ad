<?php
declare(strict_types=1);

namespace Aco\Connector\Ui\Component;

use Aco\Connector\Model\Explain\ProductFacts;
use Magento\Framework\UrlInterface;
use Magento\Framework\View\Element\UiComponent\ContextInterface;
use Magento\Framework\View\Element\UiComponentFactory;
use Magento\Ui\Component\Listing\Columns\Column;

/**
 * The item grid's row action "Explain" on a product's items (products and prices feeds): opens what
 * `aco:explain SKU --store-view=…` says, for the row's SKU (Controller\Adminhtml\Status\Explain).
 */
class ExplainAction extends Column
{
    private UrlInterface $urls;

    public function __construct(ContextInterface $context, UiComponentFactory $uiComponentFactory, UrlInterface $urls, array $components = [], array $data = [])
    {
        $this->urls = $urls;
        parent::__construct($context, $uiComponentFactory, $components, $data);
    }

    public function prepareDataSource(array $dataSource)
    {
        foreach ($dataSource['data']['items'] ?? [] as $i => $item) {
            if (in_array($item['feed'] ?? null, ProductFacts::FEEDS, true)) {
                // the SKU as a query parameter: a path segment would not carry a `/` in it
                $dataSource['data']['items'][$i][$this->getData('name')] = ['explain' => [
                    'href' => $this->urls->getUrl('aco/status/explain', ['_query' => ['sku' => (string) $item['item_key']]]),
                    'label' => __('Explain'),
                ]];
            }
        }
        return $dataSource;
    }
}
