<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Fixtures;

use Magento\CatalogRule\Api\CatalogRuleRepositoryInterface;
use Magento\CatalogRule\Api\Data\RuleInterfaceFactory;
use Magento\CatalogRule\Model\ResourceModel\Rule\CollectionFactory as RuleCollectionFactory;
use Magento\CatalogRule\Model\Rule\Job as ApplyRules;
use Magento\Config\Model\ResourceModel\Config as ConfigWriter;
use Magento\Cron\Model\ConfigInterface as CronConfig;
use Magento\Cron\Model\Schedule;
use Magento\Customer\Api\Data\GroupInterfaceFactory;
use Magento\Customer\Api\GroupRepositoryInterface;
use Magento\Directory\Model\Currency;
use Magento\EncryptionKey\Model\ResourceModel\Key\Change as EncryptionKeyChange;
use Magento\Framework\App\CacheInterface;
use Magento\Framework\App\Config\ReinitableConfigInterface;
use Magento\Framework\ObjectManagerInterface;
use Magento\Store\Model\GroupFactory as StoreGroupFactory;
use Magento\Store\Model\ResourceModel\Group as StoreGroupResource;
use Magento\Store\Model\ResourceModel\Store as StoreResource;
use Magento\Store\Model\StoreFactory;
use Magento\Store\Model\StoreManagerInterface;
use Magento\Store\Model\ResourceModel\Website as WebsiteResource;
use Magento\Store\Model\WebsiteFactory;

/**
 * Changes to the store around the catalog, through Magento's own services as the admin makes them:
 * catalog price rules and "Apply Rules", stores and store views, configuration (locale, currency), currency
 * rates, customer groups, the encryption key. None of them writes a catalog row a trigger sees.
 */
final class ScopeFixture
{
    private ObjectManagerInterface $objects;

    public function __construct(ObjectManagerInterface $objects)
    {
        $this->objects = $objects;
    }

    /**
     * Every active catalog rule's discount set, then the admin's "Apply Rules" (which marks the rule
     * indexer invalid: Magento's index cron then rebuilds the rule prices).
     *
     * @param array{percent: float} $args
     */
    public function ruleDiscount(array $args): array
    {
        $repository = $this->objects->get(CatalogRuleRepositoryInterface::class);
        $saved = 0;
        foreach ($this->objects->get(RuleCollectionFactory::class)->create()->addIsActiveFilter() as $rule) {
            $rule = $repository->get((int) $rule->getId());
            $rule->setDiscountAmount($args['percent']);
            $repository->save($rule);
            $saved++;
        }
        $this->objects->get(ApplyRules::class)->applyAll();
        return ['rules' => $saved];
    }

    /**
     * A catalog rule of every product for some customer groups of one website, valid from and/or until a
     * date (the website's days, as the admin's rule form stores them), then the admin's "Apply Rules".
     *
     * @param array{name: string, percent: float, groups: list<int>, website: string, from?: string, to?: string} $args
     */
    public function datedRule(array $args): array
    {
        $website = (int) $this->objects->get(StoreManagerInterface::class)->getWebsite($args['website'])->getId();
        $rule = $this->objects->get(RuleInterfaceFactory::class)->create();
        $rule->setName($args['name'])->setIsActive(1)->setCustomerGroupIds($args['groups'])->setWebsiteIds([$website])
            ->setFromDate($args['from'] ?? null)->setToDate($args['to'] ?? null)
            ->setSimpleAction('by_percent')->setDiscountAmount($args['percent'])->setStopRulesProcessing(false)->setSortOrder(0);
        $id = (int) $this->objects->get(CatalogRuleRepositoryInterface::class)->save($rule)->getRuleId();
        $this->objects->get(ApplyRules::class)->applyAll();
        return ['rule' => $id];
    }

    /**
     * The catalog rules of these names deleted, then "Apply Rules".
     *
     * @param array{names: list<string>} $args
     */
    public function deleteRules(array $args): array
    {
        $repository = $this->objects->get(CatalogRuleRepositoryInterface::class);
        $deleted = 0;
        foreach ($this->objects->get(RuleCollectionFactory::class)->create()->addFieldToFilter('name', ['in' => $args['names']]) as $rule) {
            $repository->deleteById((int) $rule->getId());
            $deleted++;
        }
        $this->objects->get(ApplyRules::class)->applyAll();
        return ['deleted' => $deleted];
    }

    /**
     * One of Magento's own cron jobs run as its cron runner runs it (the instance and method its
     * crontab.xml names, created by the object manager, given the schedule): without the rest of the
     * job's group, which this machine cannot run (no search engine).
     *
     * @param array{job: string} $args
     */
    public function cronJob(array $args): array
    {
        foreach ($this->objects->get(CronConfig::class)->getJobs() as $jobs) {
            $job = $jobs[$args['job']] ?? null;
            if ($job !== null) {
                $this->objects->create($job['instance'])->{$job['method']}($this->objects->create(Schedule::class));
                return ['ran' => $args['job']];
            }
        }
        throw new \InvalidArgumentException("no cron job {$args['job']}");
    }

    /**
     * A store view added to a website's default store, active.
     *
     * @param array{code: string, name: string, website: string} $args
     */
    public function addStoreView(array $args): array
    {
        $website = $this->objects->get(StoreManagerInterface::class)->getWebsite($args['website']);
        $store = $this->objects->get(StoreFactory::class)->create();
        $store->setCode($args['code'])->setName($args['name'])->setWebsiteId((int) $website->getId())
            ->setGroupId((int) $website->getDefaultGroupId())->setIsActive(1)->setSortOrder(20);
        $this->objects->get(StoreResource::class)->save($store);
        return ['store' => (int) $store->getId()];
    }

    /**
     * A store view's code or active flag changed, as the admin's store view form saves it.
     *
     * @param array{store: string, code?: string, active?: bool} $args
     */
    public function editStoreView(array $args): array
    {
        $store = $this->objects->get(StoreFactory::class)->create()->load($args['store'], 'code');
        if (isset($args['code'])) {
            $store->setCode($args['code']);
        }
        if (isset($args['active'])) {
            $store->setIsActive($args['active'] ? 1 : 0);
        }
        $this->objects->get(StoreResource::class)->save($store);
        return ['store' => (int) $store->getId()];
    }

    /**
     * A website's code changed, as the admin's Edit Web Site form saves it.
     *
     * @param array{website: string, code: string} $args the website by its code
     */
    public function editWebsite(array $args): array
    {
        return ['website' => $this->recode($this->objects->get(WebsiteFactory::class)->create(), WebsiteResource::class, 'website', $args)];
    }

    /**
     * A store's (store group's) code changed, as the admin's Edit Store form saves it.
     *
     * @param array{store: string, code: string} $args the store by its code
     */
    public function editStore(array $args): array
    {
        return ['store' => $this->recode($this->objects->get(StoreGroupFactory::class)->create(), StoreGroupResource::class, 'store', $args)];
    }

    /**
     * A website's or store's new code, saved through its resource model as its admin form does.
     *
     * @param \Magento\Framework\Model\AbstractModel $scope a new website or store group
     * @param class-string $resource its resource model
     * @param array<string, string> $args $args[$kind]: its code now; $args['code']: its new code
     * @return int its id
     */
    private function recode(\Magento\Framework\Model\AbstractModel $scope, string $resource, string $kind, array $args): int
    {
        $scope->load($args[$kind], 'code');
        if (!$scope->getId()) {
            throw new \InvalidArgumentException("no $kind {$args[$kind]}");
        }
        $scope->setCode($args['code']);
        $this->objects->get($resource)->save($scope);
        return (int) $scope->getId();
    }

    /**
     * A configuration value saved as the admin's Stores > Configuration saves it; a value of null
     * removes the scope's own value, as the form's "Use Default" / "Use Website" box does.
     *
     * @param array{path: string, value: ?string, scope?: string, code?: string} $args scope "default", "websites" or "stores"
     */
    public function config(array $args): array
    {
        $scope = $args['scope'] ?? 'default';
        $stores = $this->objects->get(StoreManagerInterface::class);
        $id = match ($scope) {
            'websites' => (int) $stores->getWebsite($args['code'])->getId(),
            'stores' => (int) $stores->getStore($args['code'])->getId(),
            default => 0,
        };
        $writer = $this->objects->get(ConfigWriter::class);
        $args['value'] === null ? $writer->deleteConfig($args['path'], $scope, $id) : $writer->saveConfig($args['path'], $args['value'], $scope, $id);
        $this->objects->get(ReinitableConfigInterface::class)->reinit();
        return ['saved' => $args['path']];
    }

    /**
     * Currency rates as Stores > Currency Rates saves them.
     *
     * @param array{rates: array<string, array<string, float>>} $args
     */
    public function rates(array $args): array
    {
        $this->objects->get(Currency::class)->saveRates($args['rates']);
        return ['saved' => count($args['rates'])];
    }

    /**
     * A new customer group, as Customers > Customer Groups saves it.
     *
     * @param array{code: string} $args
     */
    public function customerGroup(array $args): array
    {
        $group = $this->objects->get(GroupInterfaceFactory::class)->create();
        $group->setCode($args['code'])->setTaxClassId(3);
        return ['group' => (int) $this->objects->get(GroupRepositoryInterface::class)->save($group)->getId()];
    }

    /**
     * System > Other Settings > Manage Encryption Key, "Change Encryption Key" with a key Magento makes,
     * as the admin's controller does it (2.4.4 has no encryption:key:change command): the key change
     * model re-encrypts every value of a field declared with the Encrypted backend model and appends the
     * new key to crypt/key in app/etc/env.php; then the cache is cleaned (its entries are encrypted too).
     *
     * @return array{key: string}
     */
    public function changeEncryptionKey(array $args): array
    {
        $key = (string) $this->objects->create(EncryptionKeyChange::class)->changeEncryptionKey();
        $this->objects->get(CacheInterface::class)->clean();
        return ['key' => $key];
    }
}
