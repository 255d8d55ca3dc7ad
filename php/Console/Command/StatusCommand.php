<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\Feed\FailureText;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\ItemStatus;
use Aco\Connector\Model\Feed\SyncOverview;
use Symfony\Component\Console\Helper\Table;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * aco:status — per feed: items sent, pending, failed (retryable or needing attention), invalid,
 * deleted, and the last run; the shared budget (product updates today, left) and the progress and ETA
 * of full syncs running, paused or queued (SyncOverview, as the admin's status page shows them);
 * --failed lists the failed items with their reason and exits 1 when there are any.
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
     * The shared budget's line and, per feed with a full sync running, paused or queued, how far it got
     * and when it ends.
     *
     * @param list<array{feed: Feed, fullSync: ?array, state: string}> $rows SyncOverview::feeds
     */
    private static function budget(SyncOverview $overview, array $rows, OutputInterface $output): void
    {
        $budget = $overview->budget();
        if ($budget === null) {
            $output->writeln('budget: limits not enforced (aco/sync/enforce_limits = 0) or no connection');
        } else {
            $window = implode(', ', array_map(static fn (string $name, array $w): string => "$name {$w['used']}/{$w['limit']}", array_keys($budget['window']), $budget['window']));
            $output->writeln(sprintf('budget today (UTC): %s of %s product updates used, %s left; last minute: %s%s', number_format($budget['dayUsed']),
                number_format($budget['perDay']), number_format($budget['dayLeft']), $window, $budget['shared'] ? '' : ' (the shared row is not readable)'));
        }
        foreach ($rows as $row) {
            if ($row['fullSync'] !== null) {
                $output->writeln("{$row['feed']->name}: {$row['state']}");
            }
        }
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
        try {
            $overview = new SyncOverview($this->services->services());
            $rows = $overview->feeds($feeds);
            foreach ($rows as ['feed' => $feed, 'counts' => $c, 'last' => $last]) {
                $when = $last === null ? 'never' : sprintf('%s %s%s', $last['mode'], $last['started_at'], $last['finished_at'] === null ? ' (unfinished)' : '');
                $table->addRow([$feed->name, $c['sent'], $c['pending'], $c['retry'], $c['needs attention'], $c['refused before sending'], $c['refused by ACO'], $c['deleted'], $when]);
            }
            $table->render();
            foreach ($this->services->services()->licenceWarnings() as $warning) {
                $output->writeln("<comment>$warning</comment>");
            }
            self::budget($overview, $rows, $output);
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
