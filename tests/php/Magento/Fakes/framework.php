<?php
// Test doubles of the few Magento framework types the module's glue classes name, so observers and
// plugins can be exercised without Magento. Only what those classes call is here.
declare(strict_types=1);

namespace Magento\Framework\Event {
    interface ObserverInterface
    {
        public function execute(Observer $observer);
    }

    /** The event is a bag of named values, as Magento's. */
    class Observer
    {
        private object $event;

        public function __construct(object $event)
        {
            $this->event = $event;
        }

        public function getEvent(): object
        {
            return $this->event;
        }
    }
}

namespace Magento\Framework {
    class Registry
    {
        /** @param array<string, mixed> $values */
        public function __construct(private array $values = [])
        {
        }

        public function registry(string $key): mixed
        {
            return $this->values[$key] ?? null;
        }
    }
}

namespace Magento\Framework\Api {
    /** A search filter as Magento's UI filters build it (FilterBuilder): field, value, condition. */
    class Filter
    {
        public function __construct(private string $field, private mixed $value, private string $conditionType = 'eq')
        {
        }

        public function getField(): string
        {
            return $this->field;
        }

        public function getValue(): mixed
        {
            return $this->value;
        }

        public function getConditionType(): string
        {
            return $this->conditionType;
        }
    }
}

namespace Magento\Ui\DataProvider {
    abstract class AbstractDataProvider
    {
        public function __construct(protected $name, protected $primaryFieldName, protected $requestFieldName, array $meta = [], array $data = [])
        {
        }
    }
}

namespace Magento\Framework\Indexer {
    interface ActionInterface
    {
        public function executeFull();

        public function executeList(array $ids);

        public function executeRow($id);
    }
}

namespace Magento\Framework\Mview {
    interface ActionInterface
    {
        public function execute($ids);
    }

    interface ProcessorInterface
    {
        public function update($group = '');

        public function clearChangelog($group = '');
    }
}

namespace Magento\Framework\Setup\Patch {
    interface DataPatchInterface
    {
        public function apply();

        public static function getDependencies();

        public function getAliases();
    }
}

namespace Psr\Log {
    // Magento ships psr/log; only what the module calls (the tests load no other copy)
    interface LoggerInterface
    {
        public function log($level, $message, array $context = []);

        public function info($message, array $context = []);
    }
}

namespace Magento\Framework\App {
    /** Magento's connection holder; the adapter underneath hands out its PDO. */
    class ResourceConnection
    {
        public function __construct(private \PDO $pdo)
        {
        }

        public function getConnection(): object
        {
            return new class ($this->pdo) {
                public function __construct(private \PDO $pdo)
                {
                }

                public function getConnection(): \PDO
                {
                    return $this->pdo;
                }
            };
        }

        /** The test database has no table prefix (the real-Magento suite installs with one). */
        public function getTableName(string $name): string
        {
            return $name;
        }
    }

    /** Magento's app/etc/env.php + config.php, read by a slash path as Magento's get() does. */
    class DeploymentConfig
    {
        public function __construct(private array $data = [])
        {
        }

        public function get($key = null, $defaultValue = null)
        {
            $node = $this->data;
            foreach (explode('/', (string) $key) as $part) {
                if (!is_array($node) || !array_key_exists($part, $node)) {
                    return $defaultValue;
                }
                $node = $node[$part];
            }
            return $node;
        }
    }
}

namespace Magento\Framework\App\Config {
    interface ScopeConfigInterface
    {
        public const SCOPE_TYPE_DEFAULT = 'default';

        public function getValue($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null);

        public function isSetFlag($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null);
    }

    /**
     * Magento's merged config (config.php, env.php, CONFIG__ variables, the database, config.xml) by
     * scope: values under 'default', 'websites/ID', 'stores/ID'; a store view falls back to its
     * website (`$websiteOf`), then to the default, as Magento's does.
     */
    class ScopeConfig implements ScopeConfigInterface
    {
        /** @param array<string, array<string, string>> $values scope key => path => value */
        public function __construct(private array $values, private array $websiteOf = [])
        {
        }

        public function getValue($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null)
        {
            $scopes = match ($scopeType) {
                'stores' => ["stores/$scopeCode", 'websites/' . ($this->websiteOf[$scopeCode] ?? 0), 'default'],
                'websites' => ["websites/$scopeCode", 'default'],
                default => ['default'],
            };
            foreach ($scopes as $scope) {
                if (isset($this->values[$scope][$path])) {
                    return $this->values[$scope][$path];
                }
            }
            return null;
        }

        public function isSetFlag($path, $scopeType = self::SCOPE_TYPE_DEFAULT, $scopeCode = null)
        {
            return (bool) $this->getValue($path, $scopeType, $scopeCode);
        }
    }
}

namespace Magento\Framework\Encryption {
    interface EncryptorInterface
    {
        public function encrypt($data);

        public function decrypt($data);
    }
}

namespace Magento\Config\Model\Config\Structure {
    interface ElementVisibilityInterface
    {
        public function isDisabled($path);

        public function isHidden($path);
    }
}

namespace Magento\Store\Api\Data {
    /** As Magento's: a store's identity, no URLs (those are Store's, not the interface's). */
    interface StoreInterface
    {
        public function getId();

        public function getCode();
    }

    interface StoreConfigInterface
    {
        public function getBaseMediaUrl();
    }
}

namespace Magento\Store\Api {
    interface StoreConfigManagerInterface
    {
        /** @return \Magento\Store\Api\Data\StoreConfigInterface[] */
        public function getStoreConfigs(?array $storeCodes = null);
    }
}

namespace Magento\Store\Model {
    interface StoreManagerInterface
    {
        /** @return \Magento\Store\Api\Data\StoreInterface */
        public function getStore($storeId = null);

        /** @return \Magento\Store\Api\Data\StoreInterface|null */
        public function getDefaultStoreView();
    }
}

namespace Magento\Framework\Message {
    interface ManagerInterface
    {
        public function addNoticeMessage($message, $group = null);
    }
}

namespace Magento\Store\Model\ResourceModel\Website {
    class Collection
    {
        /** @var list<array<string, string>> */
        public array $columns = [];
        private array $flags = [];

        public function getSelect(): object
        {
            $collection = $this;
            return new class ($collection) {
                public function __construct(private Collection $collection)
                {
                }

                public function columns(array $columns): self
                {
                    $this->collection->columns[] = $columns;
                    return $this;
                }
            };
        }

        public function getFlag(string $flag): mixed
        {
            return $this->flags[$flag] ?? null;
        }

        public function setFlag(string $flag, mixed $value): void
        {
            $this->flags[$flag] = $value;
        }
    }
}

namespace {
    if (!function_exists('__')) {
        /** Magento's translation function: here it only substitutes %1, %2… */
        function __(string $text, ...$args): string
        {
            foreach ($args as $i => $arg) {
                $text = str_replace('%' . ($i + 1), (string) $arg, $text);
            }
            return $text;
        }
    }
}
