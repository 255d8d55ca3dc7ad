<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Explain;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Services;
use Aco\Connector\Model\Views\StorefrontCheck;
use Aco\Connector\Model\Views\ViewsApply;
use Aco\Connector\Model\Views\ViewsPlan;

/**
 * What ACO's Merchandising API serves of some products in a store view's catalog view, against the
 * store: aco:verify's StorefrontCheck limited to them, in every price book the view allows.
 */
final class Served
{
    private Services $services;
    /** @var list<int> */
    private array $ids;
    /** @var array<string, array> ViewsPlan views by store view */
    private array $views;
    private ?StorefrontCheck $check = null;

    /** @param list<int> $ids the products */
    public function __construct(Services $services, array $stores, array $ids)
    {
        $this->services = $services;
        $this->ids = $ids;
        $this->views = array_column(ViewsPlan::build($stores)['views'], null, 'storeView');
    }

    /**
     * @return array{line: string, drift: list<string>, unchecked: bool}|null null: the store view has no catalog view to have (not exported)
     */
    public function check(string $storeView): ?array
    {
        $view = $this->views[$storeView] ?? null;
        if ($view === null) {
            return null;
        }
        $config = $this->services->config();
        $viewId = ViewsApply::managed($this->services->db())['view'][$storeView]['aco_id'] ?? null;
        if (!$config->isConfigured() || $viewId === null) {
            return ['line' => 'ACO: not compared with its storefront: ' . ($viewId === null ? "no catalog view the connector manages for store view $storeView (aco:views --apply)"
                : 'no connection (aco:config:init)'), 'drift' => [], 'unchecked' => true];
        }
        $this->check ??= new StorefrontCheck(new \Aco\Native\Client($config->clientConfig()), $this->services->catalog(),
            new CatalogSchema($this->services->db()), $this->services->websiteDates());
        try {
            $report = $this->check->check($view, $viewId, null, $this->ids);
        } catch (\RuntimeException $e) {
            return ['line' => 'ACO: not compared with its storefront: ' . $e->getMessage(), 'drift' => [], 'unchecked' => true];
        }
        return ['line' => "ACO (catalog view $viewId): " . ($report['examples'] === [] ? 'serves it as the store shows it in ' . count($view['priceBooks']) . ' price books'
            : implode('; ', $report['examples'])), 'drift' => $report['examples'], 'unchecked' => false];
    }
}
