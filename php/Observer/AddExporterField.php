<?php
declare(strict_types=1);

namespace Aco\Connector\Observer;

use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Magento\Framework\Registry;

/**
 * Adds the "ACO exporter" Yes/No field to the website and store view edit forms
 * (event adminhtml_store_edit_form_prepare_form of Magento_Backend's store edit form).
 */
class AddExporterField implements ObserverInterface
{
    private const FIELDSETS = ['website' => 'website_fieldset', 'store' => 'store_fieldset'];

    private Registry $registry;

    public function __construct(Registry $registry)
    {
        $this->registry = $registry;
    }

    public function execute(Observer $observer)
    {
        $type = (string) $this->registry->registry('store_type');
        $form = $observer->getEvent()->getBlock()->getForm();
        $fieldset = isset(self::FIELDSETS[$type]) && $form ? $form->getElement(self::FIELDSETS[$type]) : null;
        if (!$fieldset) {
            return;
        }
        $model = $this->registry->registry('store_data');
        $value = $model ? $model->getData('aco_exporter_enabled') : null;
        $fieldset->addField('aco_exporter_enabled', 'select', [
            'name' => $type . '[aco_exporter_enabled]',
            'label' => __('ACO exporter'),
            'title' => __('ACO exporter'),
            'values' => [['value' => 1, 'label' => __('Yes')], ['value' => 0, 'label' => __('No')]],
            'value' => $value === null || $value === '' ? 1 : (int) $value,
            'note' => $type === 'website'
                ? __('Send this website\'s prices and price books to Adobe Commerce Optimizer.')
                : __('Send this store view\'s products, attributes and categories to Adobe Commerce Optimizer.'),
        ]);
    }
}
