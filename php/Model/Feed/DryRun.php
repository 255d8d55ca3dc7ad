<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * What a sync of one feed would send, deletes included, without sending or recording anything
 * (`aco:sync --dry-run`): each batch compared with the feed state's rows as a sync compares them.
 */
final class DryRun
{
    private FeedState $state;
    private BatchSource $source;

    public function __construct(FeedState $state, BatchSource $source)
    {
        $this->state = $state;
        $this->source = $source;
    }

    /**
     * @param callable(array{feedId: string, scope: string, key: string}, string, bool): void $out receives
     *   each item to send and its payload, or to delete and its delete payload (true)
     * @param list<int>|null $entityIds
     */
    public function run(Feed $feed, ?array $entityIds, callable $out): SyncReport
    {
        $report = new SyncReport($feed->name, 'dry-run');
        $ids = $feed->isPerEntity() ? $entityIds : null;
        $deletes = static function (array $absent) use ($out, $report): void {
            foreach ($absent as $feedId => $payload) {
                $out(['feedId' => (string) $feedId, 'scope' => '', 'key' => ''], $payload, true);
                $report->deleted++;
            }
        };
        // the window of rows each batch is compared with, as a sync reads them: a full run's batch by
        // batch (entities after the previous one), otherwise the whole feed or the given entities
        $windowed = $feed->isPerEntity() && $ids === null;
        $known = $windowed ? [] : $this->state->window(null, null, $ids);
        $produced = [];
        $after = 0;
        foreach ($this->source->batches($feed, $ids, 0) as $last => $batch) {
            if ($windowed) {
                [$known, $produced] = [$this->state->window($after, $last), []];
            }
            $hashes = $batch->hashes();
            $produced += $hashes;
            [$changed] = ItemSelection::split($batch->rows(ItemSelection::toSend($hashes, $known, $report)), $report);
            $deletes(ItemSelection::moved($known, $changed));
            foreach ($changed as $item) {
                $out($item, (string) $batch->payload($item['feedId']), false);
            }
            if ($windowed) {
                $deletes(ItemSelection::absent($known, $produced)[0]);
                $after = $last;
            }
        }
        $deletes(ItemSelection::absent($windowed ? $this->state->window($after, null) : $known, $produced)[0]);
        return $report;
    }

}
