<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Budget\BudgetPolicy;

/**
 * What one run of one feed keeps while it goes, created fresh by each run (FeedSync::locked): the
 * items awaiting ACO's answer, a full run's windows (its position passes an entity only once every
 * item sent from it is answered), and the changelog rows of the deltas it sent or holds back.
 */
final class RunLedger
{
    public SyncReport $report;
    public FeedState $state;
    /** The BudgetPolicy priority its requests take (deltas sent inside a full run go as deltas). */
    public int $priority;
    /** @var array<string, array<string, mixed>> rows of submitted items awaiting ACO's answer, by feed id; one per item at a time */
    private array $inFlight = [];
    /**
     * @var array<string, int> the full-run window of each in-flight item that has one, by feed id
     *   (beside the rows, not in them: a row written to would be copied, item by item)
     */
    private array $inFlightWindow = [];
    /** @var array<int, int> full-run windows (last entity id → items unanswered), oldest first */
    private array $windows = [];
    /** The changelog version a full run has read deltas up to. */
    public int $deltasAfter = 0;
    /** Changelog rows of the deltas sent: committed once every answer is in. */
    public Changes $sentDeltas;
    /** @var list<int> edited entities of the batch a full run is sending, held back until it is sent */
    public array $heldIds = [];
    /** The changelog rows the held edits came from (committed once they are sent). */
    public Changes $heldRows;
    /** @var array<string, true> what the mapping reshaped to fit ACO's contract and this run has logged */
    private array $warned = [];

    public function __construct(SyncReport $report, FeedState $state, string $mode)
    {
        $this->report = $report;
        $this->state = $state;
        $this->priority = ['full' => BudgetPolicy::FULL, 'retry' => BudgetPolicy::RETRY][$mode] ?? BudgetPolicy::DELTA;
        $this->sentDeltas = new Changes();
        $this->heldRows = new Changes();
    }

    /**
     * The mapping's warnings (Batch::warnings()) as log lines, each text once a run: a product's
     * reshaped price is the same line in each of its books and in every batch that maps it again.
     *
     * @param list<string> $warnings
     * @return list<array{level: string, target: string, message: string}>
     */
    public function unwarned(array $warnings): array
    {
        $lines = [];
        foreach ($warnings as $warning) {
            if (!isset($this->warned[$warning])) {
                $this->warned[$warning] = true;
                $lines[] = ['level' => 'warning', 'target' => 'aco.mapping', 'message' => $warning];
            }
        }
        return $lines;
    }

    /** @param list<array<string, mixed>> $rows */
    public function anyInFlight(array $rows): bool
    {
        foreach ($rows as $row) {
            if (isset($this->inFlight[$row['feedId']])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Items handed to the transport, of the full-run window ending at $upTo if any.
     *
     * @param list<array<string, mixed>> $rows
     */
    public function submitted(array $rows, ?int $upTo): void
    {
        foreach ($rows as $row) {
            $this->inFlight[$row['feedId']] = $row;
            if ($upTo !== null) {
                $this->inFlightWindow[$row['feedId']] = $upTo;
            }
        }
    }

    /** A full-run window of $items items to answer (or refuse) before the position passes $upTo. */
    public function openWindow(int $upTo, int $items): void
    {
        $this->windows[$upTo] = $items;
    }

    /** Items of the window the mapping refused: they need no answer. */
    public function refused(int $upTo, int $items): void
    {
        $this->windows[$upTo] -= $items;
    }

    /**
     * The rows of the items these results answer, taken off the in-flight list.
     *
     * @param list<array<string, mixed>> $results
     * @return array<string, array<string, mixed>> by feed id
     */
    public function answered(array $results): array
    {
        $sent = [];
        foreach ($results as $r) {
            $row = $this->inFlight[$r['id']] ?? null;
            if ($row === null) {
                continue;   // the delete of a moved identity: keyed apart, not recorded
            }
            $sent[$r['id']] = $row;
            $window = $this->inFlightWindow[$r['id']] ?? null;
            if ($window !== null) {
                $this->windows[$window]--;
                unset($this->inFlightWindow[$r['id']]);
            }
            unset($this->inFlight[$r['id']]);
        }
        return $sent;
    }

    /** The last entity id of the oldest windows now wholly answered (taken off), or null. */
    public function passed(): ?int
    {
        $position = null;
        while ($this->windows !== [] && reset($this->windows) <= 0) {
            $position = (int) key($this->windows);
            unset($this->windows[$position]);
        }
        return $position;
    }
}
