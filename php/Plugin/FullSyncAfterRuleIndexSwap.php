<?php
declare(strict_types=1);

namespace Aco\Connector\Plugin;

use Aco\Connector\Model\ServicesProvider;

/**
 * Magento's catalog-rule indexer rebuilds its tables aside and swaps them in (Apply Rules, the nightly
 * catalogrule_apply_all, any full reindex of catalogrule_rule), so the new rows of
 * catalogrule_product_price went in where no trigger was. 2.4.4's swap also dropped the triggers
 * (ChangeCapture::repair noticed); 2.4.7 and later copy them onto the new table, so nothing looks
 * amiss. The feeds subscribing to a swapped table get one full sync, run by the connector's cron.
 * Plugs Magento\CatalogRule\Model\Indexer\IndexerTableSwapperInterface (a store may do without that module).
 */
class FullSyncAfterRuleIndexSwap
{
    private ServicesProvider $services;

    public function __construct(ServicesProvider $services)
    {
        $this->services = $services;
    }

    /** @param list<string> $tables the store's names of the swapped tables */
    public function afterSwapIndexTables(object $swapper, mixed $result, array $tables): mixed
    {
        $services = $this->services->services();
        $feeds = $services->changes()->swapped($tables);
        if ($feeds !== []) {
            $services->queue()->request($feeds);
        }
        return $result;
    }
}
