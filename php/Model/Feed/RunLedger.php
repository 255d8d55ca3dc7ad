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
    /**
     * @var array<string, bool> the identities in ACO (delete payloads) of the items in flight, true for
     *   an upsert, false for a delete: an identity is never in flight twice, so ACO gets its writes in
     *   the order they were made, whichever entity or feed id they came from
     */
    private array $identities = [];
    /** @var array<string, string> deletes awaiting ACO's answer: feed id (or retired id) => identity */
    private array $deletes = [];
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

    /**
     * Whether sending these items now could overtake a write in flight: of the same feed id, or of
     * the same identity (a SKU's delete from the entity it left, a category slug's delete).
     *
     * @param list<array<string, mixed>> $rows
     */
    public function anyInFlight(array $rows): bool
    {
        foreach ($rows as $row) {
            if (isset($this->inFlight[$row['feedId']]) || ($row['delete'] !== null && isset($this->identities[$row['delete']]))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The same for deletes.
     *
     * @param array<string, string> $deletes feed id => identity
     */
    public function anyDeleteInFlight(array $deletes): bool
    {
        foreach ($deletes as $id => $identity) {
            if (isset($this->inFlight[$id]) || isset($this->identities[$identity])) {
                return true;
            }
        }
        return false;
    }

    /** Whether an item sent by this run (its upsert still unanswered) is this item. */
    public function sending(string $feedId): bool
    {
        return isset($this->inFlight[$feedId]);
    }

    /** Whether an upsert in flight takes this identity: a live item holds it. */
    public function upserting(string $identity): bool
    {
        return $this->identities[$identity] ?? false;
    }

    /** @param array<string, string> $deletes handed to the transport: feed id => identity */
    public function deleting(array $deletes): void
    {
        foreach ($deletes as $id => $identity) {
            $this->deletes[$id] = $identity;
            $this->identities[$identity] = false;
        }
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
            if ($row['delete'] !== null) {
                $this->identities[$row['delete']] = true;
            }
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
     * The rows of the items these results answer, taken off the in-flight list (deletes too: their
     * rows are written before they are sent).
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
                if (isset($this->deletes[$r['id']])) {
                    unset($this->identities[$this->deletes[$r['id']]], $this->deletes[$r['id']]);
                }
                continue;
            }
            if ($row['delete'] !== null) {
                unset($this->identities[$row['delete']]);
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
