<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedState;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Input\InputOption;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * aco:resync — forgets the hashes of a feed's items (or of some entities) and schedules a full sync
 * of the feed, so the next sync (cron) resends them; deletes are sent again too.
 */
class ResyncCommand extends ServicesCommand
{
    protected static $defaultName = 'aco:resync';

    protected function configure(): void
    {
        $this->setName(self::$defaultName)
            ->setDescription('Schedule items to be sent again on the next sync')
            ->addOption('feed', null, InputOption::VALUE_REQUIRED, 'the feed: ' . implode(', ', Feed::ORDER))
            ->addOption('by-ids', null, InputOption::VALUE_REQUIRED, 'only these entity ids, comma-separated');
    }

    protected function handle(InputInterface $input, OutputInterface $output): int
    {
        try {
            $feed = Feed::named((string) $input->getOption('feed'));
        } catch (\InvalidArgumentException $e) {
            throw new InvalidOption('--feed: ' . $e->getMessage());
        }
        $ids = Options::ids($input, 'by-ids');
        $services = $this->services->services();
        $n = (new FeedState($services->db(), $feed))->reset($ids);
        // the items are compared again only by a full run: the changelogs know nothing of a resync
        $services->queue()->request([$feed->name]);
        $output->writeln("{$feed->name}: $n items will be sent again on the next sync");
        return self::EXIT_OK;
    }
}
