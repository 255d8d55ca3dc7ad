<?php
declare(strict_types=1);

namespace Aco\Connector\Block\Adminhtml;

use Aco\Connector\Model\Store\ExporterSwitch;
use Magento\Backend\Block\Widget\Grid\Column\Renderer\AbstractRenderer;
use Magento\Framework\DataObject;

/**
 * "ACO exporter" cell of Stores > All Stores: the website's switch and the store view's.
 */
class ExporterColumnRenderer extends AbstractRenderer
{
    public function render(DataObject $row)
    {
        $website = ExporterSwitch::enabled($row->getData('aco_website_exporter'));
        $parts = [(string) __('Website: %1', $website ? __('Yes') : __('No'))];
        if ($row->getData('store_id') !== null) {
            $parts[] = (string) __('View: %1', ExporterSwitch::enabled($row->getData('aco_store_exporter')) ? __('Yes') : __('No'));
        }
        return $this->escapeHtml(implode(' / ', $parts));
    }
}
