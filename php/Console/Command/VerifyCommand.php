<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Views\StorefrontCheck;
use Aco\Connector\Model\Views\ViewsApply;
use Aco\Connector\Model\Views\ViewsPlan;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * aco:verify — for each exported store view, what its ACO catalog view serves through the
 * Merchandising API compared with what the store shows (Model/Views/StorefrontCheck): a drift report
 * per store view; a store view without a catalog view to check is named, with what to run. Exit 1 on any
 * drift or any store view left unchecked. Read-only.
 */
class VerifyCommand extends ServicesCommand
{
    protected static $defaultName = 'aco:verify';
    private const DEFAULT_SAMPLE = 500;

    protected function configure(): void
    {
        $this->setName(self::$defaultName)
            ->setDescription('Compare what each store view shows with what its Adobe Commerce Optimizer catalog view serves')
            ->addOption('store-view', null, InputOption::VALUE_REQUIRED, 'only this store view (its code)')
            ->addOption('sample', null, InputOption::VALUE_REQUIRED, 'products to check per store view (default ' . self::DEFAULT_SAMPLE . ')')
            ->addOption('all', null, InputOption::VALUE_NONE, 'check every product')
            ->addOption('catalog-view', null, InputOption::VALUE_REQUIRED, 'the catalog view (id) of --store-view when it was made in ACO Studio, not by aco:views --apply');
    }

    protected function handle(InputInterface $input, OutputInterface $output): int
    {
        Options::atMostOne($input, ['sample', 'all']);
        Options::requires($input, 'catalog-view', 'store-view');
        $sample = $input->getOption('all') ? null : (Options::int($input, 'sample', 1, 10_000_000) ?? self::DEFAULT_SAMPLE);
        $services = $this->services->services();
        $views = array_column(ViewsPlan::build($services->stores())['views'], null, 'storeView');
        $only = $input->getOption('store-view');
        if ($only !== null && !isset($views[$only])) {
            throw new InvalidOption("--store-view: $only is not an exported store view (" . (implode(', ', array_keys($views)) ?: 'there are none') . ')');
        }
        $managed = array_map(static fn (array $view): string => $view['aco_id'], ViewsApply::managed($services->db())['view']);
        if ($input->getOption('catalog-view') !== null) {
            $managed[$only] = (string) $input->getOption('catalog-view');
        }
        $schema = new CatalogSchema($services->db());
        $check = new StorefrontCheck(new \Aco\Native\Client($services->config()->clientConfig()), $services->catalog(), $schema, $services->websiteDates());
        $drifted = false;
        $unchecked = [];
        foreach ($only === null ? $views : [$only => $views[$only]] as $code => $view) {
            if (!isset($managed[$code])) {
                $unchecked[] = $code;
                continue;
            }
            $report = $check->check($view, $managed[$code], $sample);
            $total = array_sum($report['drift']);
            ksort($report['drift']);
            $drifted = $drifted || $total > 0;
            $kinds = implode(', ', array_map(static fn (string $k, int $n): string => "$n $k", array_keys($report['drift']), $report['drift']));
            $output->writeln(sprintf('store view %s (catalog view %s): %d products × %d price books checked, %s', $code, $managed[$code], $report['checked'],
                count($view['priceBooks']), $total === 0 ? 'no drift' : "$total drifts ($kinds)"));
            foreach ($report['examples'] as $example) {
                self::line($output, '  ' . $example);
            }
        }
        if ($unchecked !== []) {
            // a store view left out is not a pass: exit 1, as for drift, so cron or CI does not read "all served as the store shows"
            self::error($output, sprintf('not checked: store view%s %s (no catalog view the connector manages): run aco:views --apply, '
                . 'or for a catalog view made in ACO Studio aco:verify --store-view=CODE --catalog-view=ID', count($unchecked) > 1 ? 's' : '', implode(', ', $unchecked)));
        }
        return $drifted || $unchecked !== [] ? self::EXIT_FAILED : self::EXIT_OK;
    }
}
