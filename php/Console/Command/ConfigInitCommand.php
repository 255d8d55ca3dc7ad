<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\Feed\FeedMaintenance;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * aco:config:init — validates the connection settings, tests them against IMS and the API, stores
 * them (secret encrypted) and makes sure the feed tables exist.
 */
class ConfigInitCommand extends ServicesCommand
{
    protected static $defaultName = 'aco:config:init';

    protected function configure(): void
    {
        $this->setName(self::$defaultName)
            ->setDescription('Connect to Adobe Commerce Optimizer: check, test and store the credentials')
            ->addOption('org_id', null, InputOption::VALUE_REQUIRED, 'IMS organization id (…@AdobeOrg)')
            ->addOption('tenant_id', null, InputOption::VALUE_REQUIRED, 'ACO tenant (instance) id')
            ->addOption('client_id', null, InputOption::VALUE_REQUIRED, 'OAuth server-to-server client id')
            ->addOption('client_secret', null, InputOption::VALUE_REQUIRED, 'OAuth client secret (stored encrypted, never shown)')
            ->addOption('region', null, InputOption::VALUE_REQUIRED, 'na1, eu1, uk1, au1, in1 or sg1', 'na1')
            ->addOption('type', null, InputOption::VALUE_REQUIRED, 'sandbox or production', 'sandbox')
            ->addOption('api-base-url', null, InputOption::VALUE_REQUIRED, 'local emulator only: API base URL instead of ACO')
            ->addOption('ims-base-url', null, InputOption::VALUE_REQUIRED, 'local emulator only: IMS base URL instead of Adobe IMS')
            ->addOption('proxy-url', null, InputOption::VALUE_REQUIRED, 'http(s)://host:port of a forward proxy to ACO and IMS (HTTP_PROXY/HTTPS_PROXY are not used)')
            ->addOption('skip-test', null, InputOption::VALUE_NONE, 'store without testing the connection')
            ->addOption('requests-per-minute', null, InputOption::VALUE_REQUIRED, 'client-side budget (default: ACO\'s 300; 0 = off)')
            ->addOption('products-per-minute', null, InputOption::VALUE_REQUIRED, 'client-side budget (default: ACO\'s 1000; 0 = off)')
            ->addOption('prices-per-minute', null, InputOption::VALUE_REQUIRED, 'client-side budget (default: ACO\'s 5000; 0 = off)');
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $values = [];
        foreach (['org_id', 'tenant_id', 'client_id', 'client_secret', 'region', 'type'] as $field) {
            $value = $input->getOption($field);
            if (!is_string($value) || $value === '') {
                $output->writeln("<error>--$field is required</error>");
                return self::EXIT_INVALID;
            }
            $values[$field] = $value;
        }
        $values['api_base_url'] = $input->getOption('api-base-url') ?: null;
        $values['ims_base_url'] = $input->getOption('ims-base-url') ?: null;
        $values['proxy_url'] = $input->getOption('proxy-url') ?: null;
        $client = [
            'region' => $values['region'], 'type' => $values['type'], 'tenant_id' => $values['tenant_id'], 'org_id' => $values['org_id'],
            'client_id' => $values['client_id'], 'client_secret' => $values['client_secret'], 'proxy_url' => $values['proxy_url'],
        ];
        if ($values['api_base_url'] !== null || $values['ims_base_url'] !== null) {
            $client += ['api_base_url' => $values['api_base_url'], 'ims_base_url' => $values['ims_base_url'], 'allow_url_override' => true];
        }
        try {
            $native = new \Aco\Native\Client($client);
        } catch (\Aco\Native\InvalidArgumentException $e) {
            $output->writeln('<error>' . $e->getMessage() . '</error>');
            return self::EXIT_INVALID;
        }
        if (!$input->getOption('skip-test')) {
            $report = $native->testConnection();
            if (!$report['ok']) {
                $output->writeln(sprintf('<error>Connection test failed at %s: %s</error>', strtoupper($report['stage']), $report['message']));
                return self::EXIT_FAILED;
            }
            $output->writeln('Connection test: OK (IMS token obtained, ingestion API reached)');
        }
        $sync = [];
        foreach (['requests-per-minute', 'products-per-minute', 'prices-per-minute'] as $option) {
            $value = $input->getOption($option);
            if ($value !== null) {
                if (!ctype_digit((string) $value)) {
                    $output->writeln("<error>--$option must be a whole number (0 = off)</error>");
                    return self::EXIT_INVALID;
                }
                $sync[str_replace('-', '_', $option)] = (int) $value;
            }
        }
        $services = $this->services->services();
        if ($services->isStandalone()) {
            $services->installer()->install();
            $services->changes()->install();
        }
        $config = $services->config();
        $before = $config->isConfigured() ? $config->destination() : null;
        $config->save($values);
        if ($before !== null && $before !== $config->destination()) {
            (new FeedMaintenance($services->pdo()))->forgetSent();
            $output->writeln('A new destination: the record of what was sent before is cleared; everything is sent again.');
        }
        $config->saveSync($sync);
        $config->requestFullSync(\Aco\Connector\Model\Feed\Feed::ORDER);
        if (isset($report)) {
            $config->recordTest($report['ok'], $report['message']);
        }
        $output->writeln('Stored. ACO admin: ' . $native->adminUrl());
        $output->writeln('A full sync of every feed is scheduled: the next aco:sync (cron) runs it, or run aco:sync --full now.');
        return self::EXIT_OK;
    }
}
