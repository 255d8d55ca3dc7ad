<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Magento\Fakes;

use Aco\Connector\Model\Database;
use Aco\Connector\Model\Config\SodiumCipher;
use Aco\Connector\Model\Services;
use Aco\Connector\Model\ServicesProvider;

/** What Magento's DI hands the module's glue: the services, here over the test database. */
final class FixedServices implements ServicesProvider
{
    private Services $services;

    public function __construct(\PDO $pdo)
    {
        $this->services = new Services(new Database($pdo), new SodiumCipher(random_bytes(32)), 'https://shop.example.com/media', false, static fn () => null);
    }

    public function services(): Services
    {
        return $this->services;
    }

    public function reconnect(): Services
    {
        return $this->services;
    }
}
