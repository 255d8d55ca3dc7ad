<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Catalog\PriceReader;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Native\Catalog;

/**
 * Batches straight from the Magento catalog: readers' chunks mapped by the extension.
 */
class CatalogSource implements BatchSource
{
    private Catalog $catalog;
    private ProductReader $products;
    private PriceReader $prices;
    private int $chunkSize;

    public function __construct(Catalog $catalog, ProductReader $products, PriceReader $prices, int $chunkSize = 500)
    {
        $this->catalog = $catalog;
        $this->products = $products;
        $this->prices = $prices;
        $this->chunkSize = max(1, $chunkSize);
    }

    public function batches(Feed $feed, ?array $entityIds, int $after): iterable
    {
        switch ($feed->name) {
            case Feed::PRODUCTS:
                foreach ($this->products->chunks($this->chunkSize, $entityIds, $after) as $chunk) {
                    // mapped in the background while the sync writes the feed state of earlier
                    // answers (prices map too fast for that to pay for the thread hand-off)
                    yield (int) end($chunk['entities'])[0] => $this->catalog->products($chunk, true);
                }
                return;
            case Feed::PRICES:
                foreach ($this->prices->chunks($this->chunkSize * 2, $entityIds, $after) as $chunk) {
                    yield (int) end($chunk['entities'])[0] => $this->catalog->prices($chunk);
                }
                return;
            case Feed::PRODUCT_ATTRIBUTES:
                yield 0 => $this->catalog->productMetadata();
                return;
            case Feed::CATEGORIES:
                yield 0 => $this->catalog->categories();
                return;
            case Feed::PRICE_BOOKS:
                yield 0 => $this->catalog->priceBooks();
                return;
        }
    }
}
