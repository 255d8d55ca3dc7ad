<?php
declare(strict_types=1);

namespace Aco\Connector\Ui\Source;

use Aco\Connector\Model\Feed\ItemStatus;
use Magento\Framework\Data\OptionSourceInterface;

/**
 * The items grid's Status column and filter: the stored status shown by its label.
 */
class ItemStatusOptions implements OptionSourceInterface
{
    public function toOptionArray()
    {
        return array_map(static fn (int $status, string $label): array => ['value' => (string) $status, 'label' => ucfirst($label)],
            array_keys(ItemStatus::LABELS), ItemStatus::LABELS);
    }
}
