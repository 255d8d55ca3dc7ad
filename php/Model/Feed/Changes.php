<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * What one read of a feed's changelog found: the entity ids to sync (with what they imply,
 * ChangeCapture::affected) and exactly which changelog rows they came from, as ranges of version ids.
 * Committing deletes those rows and no others: a row written by a transaction still open at the read
 * has a lower version id than rows read, yet was not seen; it stays and the next read finds it.
 */
final class Changes
{
    /** @var list<int> */
    public array $ids;
    /** @var list<array{0: int, 1: int}> contiguous version id ranges read, inclusive */
    public array $ranges;
    /** The highest version id read (0: none). */
    public int $last;

    /**
     * @param list<int> $ids
     * @param list<array{0: int, 1: int}> $ranges
     */
    public function __construct(array $ids = [], array $ranges = [], int $last = 0)
    {
        $this->ids = $ids;
        $this->ranges = $ranges;
        $this->last = $last;
    }

    /** @param list<int> $versions ascending */
    public static function ranges(array $versions): array
    {
        return self::coalesce(array_map(static fn (int $v): array => [$v, $v], $versions));
    }

    /** These rows and $other's, to commit together (the ids are not merged: they were synced apart). */
    public function merge(self $other): self
    {
        $ranges = array_merge($this->ranges, $other->ranges);
        usort($ranges, static fn (array $a, array $b): int => $a[0] <=> $b[0]);
        return new self([], self::coalesce($ranges), max($this->last, $other->last));
    }

    /**
     * @param list<array{0: int, 1: int}> $ranges sorted by start
     * @return list<array{0: int, 1: int}> overlapping and adjacent ones joined
     */
    private static function coalesce(array $ranges): array
    {
        $out = [];
        foreach ($ranges as $r) {
            $n = count($out);
            if ($n > 0 && $out[$n - 1][1] >= $r[0] - 1) {
                $out[$n - 1][1] = max($out[$n - 1][1], $r[1]);
            } else {
                $out[] = $r;
            }
        }
        return $out;
    }

    public function isEmpty(): bool
    {
        return $this->ranges === [];
    }
}
