<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Fixtures;

use Magento\EncryptionKey\Model\ResourceModel\Key\Change;
use Magento\Framework\App\CacheInterface;
use Magento\Framework\ObjectManagerInterface;

/**
 * What a store's administrator does to its settings through Magento's own services.
 */
final class SettingsFixture
{
    private ObjectManagerInterface $objects;

    public function __construct(ObjectManagerInterface $objects)
    {
        $this->objects = $objects;
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
        $key = (string) $this->objects->create(Change::class)->changeEncryptionKey();
        $this->objects->get(CacheInterface::class)->clean();
        return ['key' => $key];
    }
}
