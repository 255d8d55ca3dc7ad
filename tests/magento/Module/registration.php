<?php
/**
 * AcoTest_Clock: a test-only Magento module the real-Magento suite installs beside the connector
 * (scripts/magento-test.sh); never shipped. It prefers ShiftedClock for the connector's Clock, so a
 * test can move the time every Magento process of the connector sees (cron, bin/magento).
 */
declare(strict_types=1);

use Magento\Framework\Component\ComponentRegistrar;

ComponentRegistrar::register(ComponentRegistrar::MODULE, 'AcoTest_Clock', __DIR__);
