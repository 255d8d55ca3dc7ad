<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * aco:config:show — the stored connection, the client secret masked.
 */
class ConfigShowCommand extends ServicesCommand
{
    protected static $defaultName = 'aco:config:show';

    protected function configure(): void
    {
        $this->setName(self::$defaultName)->setDescription('Show the ACO connection settings (secret masked)');
    }

    protected function handle(InputInterface $input, OutputInterface $output): int
    {
        $config = $this->services->services()->config();
        if (!$config->isConfigured()) {
            $output->writeln('<comment>Not configured: run aco:config:init</comment>');
            return self::EXIT_FAILED;
        }
        foreach ($config->masked() + $config->sync() + ['log_level' => $config->logLevel()] as $field => $value) {
            $output->writeln(sprintf('%-14s %s', $field, $value));
        }
        return self::EXIT_OK;
    }
}
