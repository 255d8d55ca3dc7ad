<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\Budget\FullSyncOutlook;
use Aco\Connector\Model\Feed\FailureText;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedState;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Model\Feed\RunLog;
use Symfony\Component\Console\Helper\Table;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * aco:status — per feed: items sent, pending, failed (retryable or needing attention), invalid,
 * deleted, and the last run; the shared budget (product updates today, left) and the ETA of full
 * syncs running, paused or queued; --failed lists the failed items with their reason and exits 1 when there
 * are any.
 */
class StatusCommand extends ServicesCommand
{
    protected static $defaultName = 'aco:status';

    protected function configure(): void
    {
        $this->setName(self::$defaultName)
            ->setDescription('Show what was sent to Adobe Commerce Optimizer and what failed')
            ->addOption('feed', null, InputOption::VALUE_REQUIRED, 'one feed: ' . implode(', ', Feed::ORDER))
            ->addOption('failed', null, InputOption::VALUE_NONE, 'list failed items with their last error');
    }

    /**
     * The shared budget: product updates used today and left, this minute's use, and for each feed
     * with a full sync running, paused or queued, the items left and when it ends at full syncs' pace.
     *
     * @param list<Feed> $feeds
     */
    private function budget(array $feeds, OutputInterface $output): void
    {
        $services = $this->services->services();
        $config = $services->config();
        $budget = $services->budget($config);
        if ($budget === null || !$config->isConfigured()) {
            $output->writeln('budget: limits not enforced (aco/sync/enforce_limits = 0) or no connection');
            return;
        }
        $limits = $budget->policy()->limits();
        $db = $services->db();
        $usage = $budget->usage();
        $window = implode(', ', array_map(static fn (string $name, int $used): string => "$name $used/{$limits->perMinute[$name]}",
            array_keys($usage['window']), $usage['window']));
        $output->writeln(sprintf('budget today (UTC): %s of %s product updates used, %s left; last minute: %s%s', number_format($usage['dayUsed']),
            number_format($limits->productsPerDay), number_format($usage['dayLeft']), $window, $usage['shared'] ? '' : ' (the shared row is not readable)'));
        $client = new \Aco\Native\Client($config->clientConfig());
        $outlook = new FullSyncOutlook($db, $budget);
        foreach ($feeds as $feed) {
            $left = $outlook->of($feed, $client->requestShape($feed->endpoint()));
            if ($left === null) {
                continue;
            }
            $state = $left['state'] === 'paused' ? 'paused by the daily quota until ' . gmdate('Y-m-d H:i', (int) $left['pausedUntil']) . ' UTC' : $left['state'];
            $output->writeln(sprintf('%s: full sync %s, about %s items left, ends in about %s (%s UTC)', $feed->name, $state, number_format($left['items']),
                self::duration($left['seconds']), gmdate('Y-m-d H:i', (int) (time() + $left['seconds']))));
        }
    }

    private static function duration(float $seconds): string
    {
        $s = (int) ceil($seconds);
        return match (true) {
            $s >= 86400 => sprintf('%dd %dh', intdiv($s, 86400), intdiv($s % 86400, 3600)),
            $s >= 3600 => sprintf('%dh %02dm', intdiv($s, 3600), intdiv($s % 3600, 60)),
            default => sprintf('%dm %02ds', intdiv($s, 60), $s % 60),
        };
    }

    protected function handle(InputInterface $input, OutputInterface $output): int
    {
        try {
            $feeds = $input->getOption('feed') === null ? Feed::all() : [Feed::named((string) $input->getOption('feed'))];   // '' and '0' name no feed
        } catch (\InvalidArgumentException $e) {
            throw new InvalidOption('--feed: ' . $e->getMessage());
        }
        $db = $this->services->services()->db();
        $table = new Table($output);
        $table->setHeaders(['feed', 'sent', 'pending', 'retry', 'needs attention', 'refused before sending', 'refused by ACO', 'deleted', 'last run']);
        $runs = new RunLog($db);
        try {
            foreach ($feeds as $feed) {
                $c = (new FeedState($db, $feed))->counts();
                $last = $runs->last($feed);
                $when = $last === null ? 'never' : sprintf('%s %s%s', $last['mode'], $last['started_at'], $last['finished_at'] === null ? ' (unfinished)' : '');
                $table->addRow([$feed->name, $c['sent'], $c['pending'], $c['retry'], $c['needs attention'], $c['refused before sending'], $c['refused by ACO'], $c['deleted'], $when]);
            }
            $table->render();
            foreach ($this->services->services()->licenceWarnings() as $warning) {
                $output->writeln("<comment>$warning</comment>");
            }
            $this->budget($feeds, $output);
            $listed = 0;
            if ($input->getOption('failed')) {
                $text = new FailureText($this->services->services()->stores());
                foreach ($feeds as $feed) {
                    $st = $db->query("SELECT item_key, scope, status, attempts, error_status, error_field, error_message, next_retry_at
                        FROM {$db->table($feed->table())} WHERE status IN (" . implode(', ', ItemStatus::FAILED) . ") ORDER BY modified_at DESC LIMIT 50");
                    foreach ($st->fetchAll(\PDO::FETCH_ASSOC) as $r) {
                        $listed++;
                        self::line($output, sprintf('%s %s, %d attempts%s', $feed->name, $text->line($feed, $r), $r['attempts'], $r['next_retry_at'] ? " (next try {$r['next_retry_at']})" : ''));
                    }
                }
            }
        } catch (\PDOException $e) {
            self::error($output, 'Cannot read the feed tables (' . $e->getMessage() . '): run aco:config:init first');
            return self::EXIT_FAILED;
        }
        // --failed is a check (monitoring, a script): 1 while there is something to fix
        return $listed > 0 ? self::EXIT_FAILED : self::EXIT_OK;
    }
}
