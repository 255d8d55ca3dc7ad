<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\Explain\SkuExplain;
use Symfony\Component\Console\Input\InputArgument;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * aco:explain SKU — why a product is, or is not, in ACO as the store shows it (Model/Explain): per
 * store view and website what Magento has, its feed items, what ACO serves, and one verdict line each
 * with what to do. Exit 0 when ACO agrees with the store everywhere, 1 when a scope has something to
 * do or wait for (or no product has the SKU), 2 on usage errors. Read-only.
 */
class ExplainCommand extends ServicesCommand
{
    protected static $defaultName = 'aco:explain';

    protected function configure(): void
    {
        $this->setName(self::$defaultName)
            ->setDescription('Explain why a SKU is, or is not, in Adobe Commerce Optimizer as the store shows it')
            ->addArgument('sku', InputArgument::REQUIRED, 'the product\'s SKU')
            ->addOption('store-view', null, InputOption::VALUE_REQUIRED, 'only this store view (its code) and its website');
    }

    protected function handle(InputInterface $input, OutputInterface $output): int
    {
        $sku = (string) $input->getArgument('sku');
        $storeView = $input->getOption('store-view');
        try {
            $report = (new SkuExplain($this->services->services()))->explain($sku, $storeView === null ? null : (string) $storeView);
        } catch (\InvalidArgumentException $e) {
            throw new InvalidOption('--store-view: ' . $e->getMessage());
        }
        if ($report['product'] === null) {
            self::error($output, "no product has SKU \"$sku\" in Magento: check the SKU (Catalog > Products)");
            return self::EXIT_FAILED;
        }
        self::line($output, $report['product']);
        $todo = false;
        foreach ($report['scopes'] as $scope) {
            $output->writeln($scope['title'] . ':');
            foreach ($scope['facts'] as $fact) {
                self::line($output, "  $fact");
            }
            self::line($output, "  verdict: {$scope['verdict']}", $scope['todo'] ? 'comment' : null);
            $todo = $todo || $scope['todo'];
        }
        return $todo ? self::EXIT_FAILED : self::EXIT_OK;
    }
}
