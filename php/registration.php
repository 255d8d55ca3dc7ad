<?php
/**
 * Registers the Aco_Connector module with Magento. Outside Magento (the standalone `bin/aco`, tests)
 * there is no component registrar, and the plain services are used through Composer's autoloader.
 */
declare(strict_types=1);

use Magento\Framework\Component\ComponentRegistrar;

if (class_exists(ComponentRegistrar::class)) {
    ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Aco_Connector', __DIR__);
}
