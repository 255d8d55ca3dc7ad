<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * Which items of a batch or window to send, to record as refused, and to delete: decisions on the
 * feed state's rows alone, no I/O.
 */
final class ItemSelection
{
    /**
     * The feed ids of a batch to send: new or changed, or not yet confirmed; unchanged confirmed
     * items are left alone (only their hashes cross from the extension).
     *
     * @param array<string, ?string> $hashes the batch's hashes()
     * @param array<string, array{hash: ?string, status: int, deleted: bool}> $known rows by feed id
     * @return list<string>
     */
    public static function toSend(array $hashes, array $known, SyncReport $report): array
    {
        $report->seen += count($hashes);
        $ids = [];
        foreach ($hashes as $feedId => $hash) {
            $was = $known[$feedId] ?? null;
            if ($hash !== null && $was !== null && !$was['deleted'] && $was['hash'] === $hash
                && in_array($was['status'], [ItemStatus::SENT, ItemStatus::INVALID, ItemStatus::REFUSED], true)) {
                $report->unchanged++;
            } else {
                $ids[] = (string) $feedId;
            }
        }
        return $ids;
    }

    /**
     * Rows of items to send, as the rows to write once ACO answers, and of items the mapping
     * refused, to write now.
     *
     * @param list<array<string, mixed>> $rows a batch's rows()
     * @return array{0: list<array<string, mixed>>, 1: list<array<string, mixed>>} items to send, invalid rows
     */
    public static function split(array $rows, SyncReport $report): array
    {
        $changed = [];
        $invalid = [];
        foreach ($rows as $row) {
            if ($row['error'] === null) {
                $changed[] = $row;
                continue;
            }
            $report->invalid++;
            $invalid[] = ['errorField' => $row['error']['field'], 'errorMessage' => $row['error']['message']] + $row;
        }
        return [$changed, $invalid];
    }

    /**
     * Items whose identity in ACO changed under the same feed id (a category's slug is its URL path,
     * which a new URL key or a move changes, for its whole subtree): their old identities, each by the
     * feed id of the retired row that tracks its delete.
     *
     * @param array<string, array{hash: ?string, status: int, deleted: bool, delete: ?string}> $known
     * @param list<array<string, mixed>> $changed
     * @return array<string, array{feedId: string, delete: string}>
     */
    public static function moved(array $known, array $changed): array
    {
        $moved = [];
        foreach ($changed as $row) {
            $was = $known[$row['feedId']] ?? null;
            if ($was !== null && !$was['deleted'] && $was['delete'] !== null && $was['delete'] !== $row['delete']) {
                $moved[RetiredIdentities::id($was['delete'])] = ['feedId' => (string) $row['feedId'], 'delete' => $was['delete']];
            }
        }
        return $moved;
    }

    /**
     * Items a window held that its batches no longer produce: the deletes to send (feed id =>
     * payload) and those ACO does not hold (never sent, or refused and withdrawn), only to forget.
     *
     * @param array<string, array{hash: ?string, status: int, deleted: bool, delete: ?string}> $known
     * @param array<string, ?string> $produced
     * @return array{0: array<string, string>, 1: list<string>}
     */
    public static function absent(array $known, array $produced): array
    {
        $absent = [];
        $neverSent = [];
        foreach ($known as $feedId => $row) {
            $withdrawn = $row['deleted'] && $row['status'] === ItemStatus::INVALID && $row['hash'] === null;
            if (array_key_exists($feedId, $produced) || ($row['deleted'] && !$withdrawn)) {
                continue;
            }
            if ($withdrawn || $row['delete'] === null) {
                $neverSent[] = (string) $feedId;
            } else {
                $absent[(string) $feedId] = $row['delete'];
            }
        }
        return [$absent, $neverSent];
    }
}
