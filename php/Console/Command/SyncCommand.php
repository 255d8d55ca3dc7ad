<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\Config\ConfigurationException;
use Aco\Connector\Model\Feed\DestinationChanged;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedSync;
use Aco\Connector\Model\Feed\SyncReport;
use Aco\Connector\Model\Printable;
use Aco\Connector\Model\Services;
use Symfony\Component\Console\Helper\ProgressBar;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * aco:sync — sends what changed. Without options: the sync cycle Magento's cron runs for each lane
 * (SyncCycle: requested full syncs, else what the changelogs captured; then the due retries); --full
 * asks for a full sync of the feeds and runs the cycle; --watch runs the cycle every interval;
 * --by-ids given entities; --retry only the retries. Exits 1 when an item of the run
 * failed at ACO or was refused by the mapping (a person has to look: aco:status --failed says why).
 */
class SyncCommand extends ServicesCommand
{
    protected static $defaultName = 'aco:sync';

    protected function configure(): void
    {
        $this->setName(self::$defaultName)
            ->setDescription('Send catalog and price changes to Adobe Commerce Optimizer')
            ->addOption('feed', null, InputOption::VALUE_REQUIRED | InputOption::VALUE_IS_ARRAY, 'feeds to sync: ' . implode(', ', Feed::ORDER) . ' (default: all, in that order)')
            ->addOption('full', null, InputOption::VALUE_NONE, 'compare every item of the catalog (deletes what is gone)')
            ->addOption('continue', null, InputOption::VALUE_NONE, 'with --full: resume the last interrupted full sync')
            ->addOption('by-ids', null, InputOption::VALUE_REQUIRED, 'only these entity ids, comma-separated (products and prices feeds)')
            ->addOption('retry', null, InputOption::VALUE_NONE, 'resend failed items whose retry time has come')
            ->addOption('dry-run', null, InputOption::VALUE_NONE, 'print the payloads that would be sent; send and record nothing')
            ->addOption('batch-size', null, InputOption::VALUE_REQUIRED, 'entities read per chunk', '500')
            ->addOption('concurrency', null, InputOption::VALUE_REQUIRED, 'requests in flight')
            ->addOption('watch', null, InputOption::VALUE_NONE, 'keep running: send captured changes every --interval seconds (seconds-level latency instead of cron\'s minute)')
            ->addOption('interval', null, InputOption::VALUE_REQUIRED, 'with --watch: seconds between rounds (default: 1)')
            ->addOption('max-seconds', null, InputOption::VALUE_REQUIRED, 'with --watch: stop after this long (default: until SIGTERM/SIGINT)');
    }

    protected function handle(InputInterface $input, OutputInterface $output): int
    {
        Options::atMostOne($input, ['full', 'by-ids', 'retry', 'watch']);
        foreach (['retry', 'watch', 'continue'] as $mode) {
            Options::atMostOne($input, ['dry-run', $mode]);
        }
        Options::requires($input, 'continue', 'full');
        Options::requires($input, 'interval', 'watch');
        Options::requires($input, 'max-seconds', 'watch');
        try {
            $feeds = array_map([Feed::class, 'named'], $input->getOption('feed') ?: Feed::ORDER);
        } catch (\InvalidArgumentException $e) {
            throw new InvalidOption('--feed: ' . $e->getMessage());
        }
        $ids = Options::ids($input, 'by-ids');
        $batch = (int) Options::int($input, 'batch-size', 1, 100000);
        $concurrency = Options::int($input, 'concurrency', 1, 64);
        $client = $concurrency === null ? [] : ['concurrency' => $concurrency];
        // at most an hour between rounds (cron's is a minute), a year in all: beyond, usleep() fails or the loop never sleeps
        $interval = Options::seconds($input, 'interval', 0.05, 3600) ?? 1.0;
        $maxSeconds = Options::seconds($input, 'max-seconds', 0.0, 31_536_000);
        $services = $this->services->services();
        if ($input->getOption('watch')) {
            return $this->watch($services, $feeds, $batch, $client, $interval, $maxSeconds, $output);
        }
        return $this->syncFeeds($services, $feeds, $input, $output, $ids, $batch, $client);
    }

    /**
     * @param list<Feed> $feeds
     * @param list<int>|null $ids
     * @param array<string, int> $client
     */
    private function syncFeeds(Services $services, array $feeds, InputInterface $input, OutputInterface $output, ?array $ids, int $batch, array $client): int
    {
        $bar = $output->isDecorated() ? new ProgressBar($output) : null;
        $bar?->setFormat('%message% %current% items %elapsed:6s%');
        $bar?->setMessage('');
        $progress = $bar === null ? null : static function (SyncReport $r) use ($bar): void {
            $bar->setProgress($r->seen);
            $bar->setMessage("{$r->feed}: sent {$r->sent}, unchanged {$r->unchanged}");
        };
        try {
            $reports = match (true) {
                (bool) $input->getOption('dry-run') => $this->dryRun($services->sync($batch, $client), $feeds, $ids, $output),
                $ids !== null || $input->getOption('retry') => self::direct($services->sync($batch, $client), $feeds, $ids, $progress),
                default => $this->cycle($services, $feeds, $input, $batch, $client, $progress),
            };
        } catch (\Aco\Native\ExceptionInterface | \PDOException $e) {
            $bar?->clear();
            self::error($output, $e->getMessage());
            return self::EXIT_FAILED;
        }
        $bar?->clear();
        if ($input->getOption('dry-run')) {
            return self::EXIT_OK;
        }
        [$failed, $interrupted] = [false, false];
        foreach ($reports as $report) {
            if ($report->busy) {
                $output->writeln("<comment>{$report->feed}: another sync of this feed is running; skipped</comment>");
                continue;
            }
            if ($report->interrupted !== null) {
                self::error($output, "{$report->feed}: {$report->interrupted}");
                $interrupted = true;
                continue;
            }
            if ($report->pausedUntil !== null) {
                $output->writeln(sprintf('<comment>%s: the daily product quota is used up; the full sync goes on at %s UTC (aco:status shows when it ends)</comment>',
                    $report->feed, gmdate('Y-m-d H:i', (int) $report->pausedUntil)));
            }
            $failed = $failed || $report->failures() > 0;
            $output->writeln(sprintf('%s: %d items, %d unchanged, %d invalid, %d sent (%d accepted, %d failed; %d of them deletes), %.1f s',
                $report->feed, $report->seen, $report->unchanged, $report->invalid, $report->sent, $report->accepted, $report->failed, $report->deleted, $report->seconds));
        }
        if ($failed) {
            self::error($output, 'some items failed or are invalid: aco:status --failed lists them with the reason');
        }
        return $failed || $interrupted ? self::EXIT_FAILED : self::EXIT_OK;
    }

    /**
     * The sync cycle, as cron runs it; `--full` asks for a full sync of the feeds first (which the
     * cycle then runs, and which cron resumes if this process dies), `--full --continue` goes on with
     * the full sync asked for before.
     *
     * @param list<Feed> $feeds
     * @param array<string, int> $client
     * @return list<SyncReport>
     */
    private function cycle(Services $services, array $feeds, InputInterface $input, int $batch, array $client, ?callable $progress): array
    {
        if ($input->getOption('full') && !$input->getOption('continue')) {
            $services->queue()->request(array_map(static fn (Feed $f): string => $f->name, $feeds));
        }
        return $services->cycle($batch, $client)->run($feeds, $progress);
    }

    /**
     * Given entities (`--by-ids`), or only the due retries (`--retry`): the engine alone, no cycle.
     *
     * @param list<Feed> $feeds
     * @param list<int>|null $ids
     * @return list<SyncReport>
     */
    private static function direct(FeedSync $engine, array $feeds, ?array $ids, ?callable $progress): array
    {
        return array_map(static fn (Feed $f): SyncReport => $ids === null ? $engine->retry($f, $progress) : $engine->entities($f, $ids, $progress), $feeds);
    }

    /**
     * @param list<Feed> $feeds
     * @param list<int>|null $ids
     * @return list<SyncReport>
     */
    private function dryRun(FeedSync $engine, array $feeds, ?array $ids, OutputInterface $output): array
    {
        $reports = [];
        foreach ($feeds as $feed) {
            $report = $engine->dryRun($feed, $ids, static function (array $item, string $payload, bool $delete) use ($output): void {
                $output->writeln(($delete ? 'delete ' : '') . Printable::json($payload), OutputInterface::OUTPUT_RAW);
            });
            $output->writeln(sprintf('<comment>%s: %d items, %d would be sent, %d deleted (dry run)</comment>', $feed->name, $report->seen,
                $report->seen - $report->unchanged - $report->invalid, $report->deleted));
            $reports[] = $report;
        }
        return $reports;
    }

    /**
     * Watch mode: a cron run every `--interval` seconds in one long process (one connection, one
     * token), until SIGTERM/SIGINT or `--max-seconds`. Each round prints only when it sent something.
     * A lost database (restarted, failed over) is an outage to wait out, not an end: one line when it
     * starts, then a new connection tried with backoff (1 s doubling to 30 s); what changed meanwhile
     * is still in the changelogs, and items sent but not recorded are sent again.
     *
     * @param list<Feed> $feeds
     * @param array<string, int> $client client settings from the command line
     */
    private function watch(Services $services, array $feeds, int $batch, array $client, float $interval, ?float $maxSeconds, OutputInterface $output): int
    {
        $until = $maxSeconds === null ? null : microtime(true) + $maxSeconds;
        $stop = false;
        if (function_exists('pcntl_async_signals')) {
            pcntl_async_signals(true);
            foreach ([SIGTERM, SIGINT] as $signal) {
                pcntl_signal($signal, static function () use (&$stop): void {
                    $stop = true;
                });
            }
        }
        $output->writeln(sprintf('watching %s every %.2f s', implode(', ', array_map(static fn (Feed $f): string => $f->name, $feeds)), $interval));
        $cycle = null;
        $built = 0.0;
        $failures = 0;
        while (!$stop && ($until === null || microtime(true) < $until)) {
            $started = microtime(true);
            $pause = $interval;
            try {
                if ($failures > 0) {
                    $services = $this->services->reconnect();
                }
                // one engine (one IMS token, one connection pool) for a minute; then re-read scopes and attributes
                if ($cycle === null || $started - $built > 60) {
                    $cycle = $services->cycle($batch, $client);
                    $built = $started;
                }
                foreach ($cycle->run($feeds) as $report) {
                    if ($report->interrupted !== null) {
                        self::error($output, date('H:i:s') . " {$report->feed}: {$report->interrupted}");
                    }
                    if ($report->sent > 0) {
                        $output->writeln(sprintf('%s %s: %d sent (%d accepted, %d failed; %d of them deletes)', date('H:i:s'), $report->feed, $report->sent, $report->accepted, $report->failed, $report->deleted));
                    }
                }
                $failures = 0;
            } catch (DestinationChanged $e) {
                $output->writeln(date('H:i:s') . ' a new destination: the next round sends to it');
                $cycle = null;
            } catch (\PDOException | ConfigurationException $e) {
                $lost = $e instanceof \PDOException ? $e : $e->getPrevious();
                if (!$lost instanceof \PDOException) {
                    throw $e;
                }
                if ($failures === 0) {
                    self::error($output, date('H:i:s') . ' database unreachable (' . $lost->getMessage() . '): reconnecting until it is back');
                }
                $cycle = null;
                $pause = min(30.0, 2 ** $failures++);
            }
            usleep((int) (max(0.0, min($pause - (microtime(true) - $started), $until === null ? INF : $until - microtime(true))) * 1e6));
        }
        return self::EXIT_OK;
    }
}
