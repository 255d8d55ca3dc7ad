<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\Views\GraphqlApi;
use Aco\Connector\Model\Views\ApiRefused;
use Aco\Connector\Model\Views\ViewsApply;
use Aco\Connector\Model\Views\ViewsPlan;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * aco:views — the ACO catalog views and policies mirroring Magento's websites, stores and store views
 * (Model/Views/ViewsPlan), printed with everything needed to create them in ACO Studio, and the
 * catalog variations they use against the licence allowance. --apply makes ACO match it through the
 * admin GraphQL API (Model/Views/ViewsApply): opt-in, because Adobe no longer documents that API; it
 * probes the API first and, when refused, says so and leaves the plan to be created in ACO Studio.
 */
class ViewsCommand extends ServicesCommand
{
    protected static $defaultName = 'aco:views';

    protected function configure(): void
    {
        $this->setName(self::$defaultName)
            ->setDescription('Show the Adobe Commerce Optimizer catalog views and policies that mirror the store views')
            ->addOption('variation-budget', null, InputOption::VALUE_REQUIRED,
                'catalog variations (views × price books) your ACO licence allows', (string) ViewsPlan::BASE_ALLOWANCE)
            ->addOption('apply', null, InputOption::VALUE_NONE, 'create, update and delete the views and policies in ACO through its admin API');
    }

    protected function handle(InputInterface $input, OutputInterface $output): int
    {
        $budget = Options::int($input, 'variation-budget', 1, 1_000_000);
        $services = $this->services->services();
        $plan = ViewsPlan::build($services->stores());
        if (!$input->getOption('apply')) {
            $this->printPlan($output, $plan, $budget);
            return self::EXIT_OK;
        }
        if ($plan['variations'] > $budget) {
            self::error($output, "Nothing applied: the plan needs {$plan['variations']} catalog variations, more than the budget of $budget (--variation-budget)");
            return self::EXIT_FAILED;
        }
        if ($services->isStandalone()) {
            $services->installer()->install();
        }
        $apply = new ViewsApply(new GraphqlApi(new \Aco\Native\Client($services->config()->clientConfig()), 'admin'), $services->db());
        try {
            $current = $apply->probe();
        } catch (ApiRefused $e) {
            $this->printPlan($output, $plan, $budget);
            self::error($output, 'Nothing applied: ACO\'s admin API refused the request (' . $e->getMessage() . '); create the views and policies above in ACO Studio');
            return self::EXIT_FAILED;
        }
        try {
            $report = $apply->apply($plan, $current);
        } catch (ApiRefused $e) {
            self::error($output, 'ACO\'s admin API refused a change (' . $e->getMessage() . '); what was applied before it is recorded, run aco:views --apply again');
            return self::EXIT_FAILED;
        }
        foreach ($report['lines'] as $line) {
            self::line($output, $line);
        }
        $output->writeln(sprintf('Views and policies: %d created, %d updated, %d deleted, %d unchanged; %d catalog variations of a budget of %d',
            $report['created'], $report['updated'], $report['deleted'], $report['unchanged'], $plan['variations'], $budget));
        return self::EXIT_OK;
    }

    private function printPlan(OutputInterface $output, array $plan, int $budget): void
    {
        $output->writeln('Catalog views (ACO Studio > Catalog views > Create: name, catalog source, "Allow selected price books only", default price book, policies):');
        foreach ($plan['views'] as $view) {
            $output->writeln(sprintf('  %s  (store view %s, store %s, website %s)', self::quoted($view['name']), $view['storeView'], self::quoted($view['store']), $view['website']));
            $output->writeln('    catalog source:     ' . $view['source']);
            $output->writeln('    price books:        ' . implode(', ', $view['priceBooks']));
            $output->writeln('    default price book: ' . $view['defaultPriceBook']);
            $output->writeln('    policies:           ' . self::quoted(implode(', ', $view['policies'])));
        }
        $output->writeln('Policies (ACO Studio > Policies > Create: mandatory, one filter, value source STATIC, operator IN, enabled):');
        foreach ($plan['policies'] as $policy) {
            $output->writeln(sprintf('  %s: %s IN %s', self::quoted($policy['name']), $policy['attribute'], self::quoted(implode(', ', $policy['values']))));
        }
        foreach ($plan['skipped'] as $skipped) {
            $output->writeln(sprintf('No view for store view %s: %s', $skipped['storeView'], self::quoted($skipped['reason'])));
        }
        $output->writeln(sprintf('Catalog variations (each view × the price books it serves): %d of a budget of %d%s', $plan['variations'], $budget,
            $plan['variations'] > $budget ? ' — OVER BUDGET: buy more variations in packs of 100, or switch store views or websites off for ACO' : ''));
    }
}
