<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\Budget\Limits;
use Aco\Connector\Model\Config\ConnectionConfig;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedLock;
use Aco\Connector\Model\Feed\FeedMaintenance;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Input\StreamableInputInterface;
use Symfony\Component\Console\Output\OutputInterface;
use Symfony\Component\Console\Question\Question;

/**
 * aco:config:init — validates the connection settings, tests them against IMS and the API, stores
 * them (secret encrypted) and makes sure the feed tables exist.
 */
class ConfigInitCommand extends ServicesCommand
{
    protected static $defaultName = 'aco:config:init';
    /** Environment variable holding the client secret (keeps it off the command line and shell history). */
    public const SECRET_VARIABLE = 'ACO_CLIENT_SECRET';
    /** How long a new destination waits for running syncs to let go of their feeds. */
    private const LOCK_WAIT_SECONDS = 5;

    protected function configure(): void
    {
        $this->setName(self::$defaultName)
            ->setDescription('Connect to Adobe Commerce Optimizer: check, test and store the credentials')
            ->addOption('org_id', null, InputOption::VALUE_REQUIRED, 'IMS organization id (…@AdobeOrg)')
            ->addOption('tenant_id', null, InputOption::VALUE_REQUIRED, 'ACO tenant (instance) id')
            ->addOption('client_id', null, InputOption::VALUE_REQUIRED, 'OAuth server-to-server client id')
            ->addOption('client_secret', null, InputOption::VALUE_REQUIRED, 'OAuth client secret (stored encrypted, never shown); "-" reads it from '
                . 'standard input (a hidden prompt on a terminal); without it, from ' . self::SECRET_VARIABLE)
            ->addOption('region', null, InputOption::VALUE_REQUIRED, 'na1, eu1, uk1, au1, in1 or sg1', 'na1')
            ->addOption('type', null, InputOption::VALUE_REQUIRED, 'sandbox or production', 'sandbox')
            ->addOption('api-base-url', null, InputOption::VALUE_REQUIRED, 'local emulator only: API base URL instead of ACO')
            ->addOption('ims-base-url', null, InputOption::VALUE_REQUIRED, 'local emulator only: IMS base URL instead of Adobe IMS')
            ->addOption('proxy-url', null, InputOption::VALUE_REQUIRED, 'http(s)://host:port of a forward proxy to ACO and IMS (HTTP_PROXY/HTTPS_PROXY are not used)')
            ->addOption('skip-test', null, InputOption::VALUE_NONE, 'store without testing the connection');
        foreach (Limits::DEFAULTS as $setting => $default) {
            $this->addOption(self::limitOption($setting), null, InputOption::VALUE_REQUIRED, $setting === 'products_per_day'
                ? "the licence's product updates a day (default: ACO's base $default)" : "the tenant's limit, shared by every process (default: ACO's $default)");
        }
    }

    /** --requests-per-minute for aco/sync/requests_per_minute, and so on. */
    private static function limitOption(string $setting): string
    {
        return str_replace('_', '-', $setting);
    }

    protected function handle(InputInterface $input, OutputInterface $output): int
    {
        $values = [];
        foreach (['org_id', 'tenant_id', 'client_id', 'client_secret', 'region', 'type'] as $field) {
            $value = $field === 'client_secret' ? $this->secret($input, $output) : $input->getOption($field);
            if (!is_string($value) || $value === '') {
                throw new InvalidOption($field === 'client_secret' ? '--client_secret (or ' . self::SECRET_VARIABLE . ') is required' : "--$field is required");
            }
            // the extension reads region and environment without case; stored so, NA1 is no new destination
            $values[$field] = in_array($field, ['region', 'type'], true) ? strtolower($value) : $value;
        }
        $values['api_base_url'] = $input->getOption('api-base-url') ?: null;
        $values['ims_base_url'] = $input->getOption('ims-base-url') ?: null;
        $values['proxy_url'] = $input->getOption('proxy-url') ?: null;
        $sync = [];
        foreach (array_keys(Limits::DEFAULTS) as $setting) {
            $value = Options::int($input, self::limitOption($setting), 1, 100000000);
            if ($value !== null) {
                $sync[$setting] = $value;
            }
        }
        $client = array_intersect_key($values, array_flip(['region', 'type', 'tenant_id', 'org_id', 'client_id', 'client_secret', 'proxy_url']));
        if ($values['api_base_url'] !== null || $values['ims_base_url'] !== null) {
            $client += ['api_base_url' => $values['api_base_url'], 'ims_base_url' => $values['ims_base_url'], 'allow_url_override' => true];
        }
        try {
            $native = new \Aco\Native\Client($client);
        } catch (\Aco\Native\InvalidArgumentException $e) {
            throw new InvalidOption($e->getMessage());
        }
        $report = null;
        if (!$input->getOption('skip-test')) {
            $report = $native->testConnection();
            if (!$report['ok']) {
                self::error($output, sprintf('Connection test failed at %s: %s', strtoupper($report['stage']), $report['message']));
                return self::EXIT_FAILED;
            }
            $output->writeln('Connection test: OK (IMS token obtained, ingestion API reached)');
        }
        $services = $this->services->services();
        if ($services->isStandalone()) {
            $services->installer()->install();
        }
        // in Magento too: the triggers are the connector's (Magento's mview only lists the views)
        $services->changes()->install();
        $queue = $services->queue();
        $config = $services->config();
        $db = $services->db();
        // Without a stored connection, a record of what was sent belongs to a destination no one knows now.
        $moved = $config->isConfigured() ? $config->destination() !== $config->destination($values) : (new FeedMaintenance($db))->hasRecords();
        // all or nothing: a half-saved connection (new tenant, old secret) would not be seen as a new
        // destination when init is run again
        $store = static fn () => $db->atomically(static function () use ($db, $config, $queue, $values, $sync, $moved, $report): void {
            $config->save($values);
            if ($moved) {
                (new FeedMaintenance($db))->forgetSent();
            }
            $config->saveSync($sync);
            $queue->request(Feed::ORDER);
            if ($report !== null) {
                $config->recordTest($report['ok'], $report['message']);
            }
        });
        // a new destination clears the record of what was sent: not while a sync records answers of the old one
        $moved ? FeedLock::all($db, self::LOCK_WAIT_SECONDS, $store) : $store();
        if ($moved) {
            $output->writeln('A new destination: the record of what was sent before is cleared; everything is sent again.');
        }
        $output->writeln('Stored. ACO admin: ' . $native->adminUrl());
        $given = array_merge(array_map(static fn (string $f): string => ConnectionConfig::PREFIX . $f, array_keys($values)),
            array_map(static fn (string $k): string => "aco/sync/$k", array_keys($sync)));
        foreach ($config->lockedAmong($given) as $path) {
            $output->writeln("<comment>$path is locked in app/etc/env.php or config.php: Magento uses the value there, not this one</comment>");
        }
        $output->writeln('A full sync of every feed is scheduled: the next aco:sync (cron) runs it, or run aco:sync --full now.');
        foreach ($services->licenceWarnings() as $warning) {
            $output->writeln("<comment>$warning</comment>");
        }
        return self::EXIT_OK;
    }

    /** The secret from --client_secret, standard input ("-") or the environment, in that order. */
    private function secret(InputInterface $input, OutputInterface $output): ?string
    {
        $option = $input->getOption('client_secret');
        if ($option !== '-') {
            return $option ?? (getenv(self::SECRET_VARIABLE) ?: null);
        }
        $stream = ($input instanceof StreamableInputInterface ? $input->getStream() : null) ?? STDIN;
        if (stream_isatty($stream)) {
            $question = (new Question('Client secret: '))->setHidden(true);
            return $this->getHelper('question')->ask($input, $output, $question);
        }
        return rtrim((string) stream_get_contents($stream), "\r\n");
    }
}
