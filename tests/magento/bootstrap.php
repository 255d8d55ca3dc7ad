<?php
declare(strict_types=1);

require dirname(__DIR__) . '/php/bootstrap.php';

if (!is_file((getenv('MAGENTO_ROOT') ?: '/nonexistent') . '/bin/magento')) {
    fwrite(STDERR, "tests/magento: MAGENTO_ROOT is not set to a Magento root: run through `make test-magento`\n");
    exit(1);
}
