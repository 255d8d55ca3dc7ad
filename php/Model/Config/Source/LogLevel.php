<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Config\Source;

use Aco\Connector\Model\LogRouter;
use Magento\Framework\Data\OptionSourceInterface;

/**
 * Choices of Stores > Configuration > Adobe Commerce Optimizer > Log Level.
 */
class LogLevel implements OptionSourceInterface
{
    public function toOptionArray()
    {
        return array_map(static fn (string $level): array => ['value' => $level, 'label' => ucfirst($level)], LogRouter::LEVELS);
    }
}
