<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Explain;

use Aco\Connector\Model\Feed\FailureText;
use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\ItemStatus;

/**
 * aco:explain's reading of one feed item: what its feed state row says (status, attempts, request id,
 * hash sent against the hash it maps to now), and what is left to do for ACO to hold it as the store
 * has it now (null: nothing).
 */
final class Verdict
{
    private FailureText $text;

    public function __construct(FailureText $text)
    {
        $this->text = $text;
    }

    /**
     * @param array{hash: ?string}|null $now the item as mapped now (ProductFacts::$mapped)
     * @param array<string, mixed>|null $row its feed state row
     */
    public static function describe(string $label, ?array $now, ?array $row): string
    {
        $hashNow = $now === null ? 'none' : self::hash($now['hash']);
        if ($row === null) {
            return "$label: never sent (hash now $hashNow)";
        }
        $status = (int) $row['is_deleted'] === 1 ? 'deleted' . ((int) $row['status'] === ItemStatus::SENT ? '' : ' (unconfirmed)') : ItemStatus::LABELS[(int) $row['status']];
        $error = $row['error_message'] === null ? '' : ', last error ' . ($row['error_status'] === null ? '' : "HTTP {$row['error_status']} ")
            . ($row['error_field'] === null ? '' : "{$row['error_field']}: ") . $row['error_message'];
        $sent = $row['feed_hash'] === null ? 'none' : self::hash($row['feed_hash']);
        return sprintf('%s: %s, %d attempts, request %s%s; hash sent %s, now %s%s', $label, $status, $row['attempts'], $row['request_id'] ?? 'none', $error,
            $sent, $hashNow, $now !== null && $row['feed_hash'] === $now['hash'] ? ' (unchanged)' : '');
    }

    /**
     * What keeps ACO from holding the item as mapped now, with what to do; null when it does.
     *
     * @param array{key: string, scope: string, hash: ?string, error: ?array{field: string, message: string}} $now
     * @param array<string, mixed>|null $row its feed state row
     * @param bool $waiting a change of the product waits in the feed's changelog
     * @param array{state: string}|null $full the feed's requested full sync
     */
    public function item(Feed $feed, int $entityId, array $now, ?array $row, bool $waiting, ?array $full): ?string
    {
        $comes = $waiting ? 'waiting in changelog: the next sync cycle (Magento\'s cron, aco:sync) sends it'
            : ($full === null ? null : "waiting for the full sync of {$feed->name} ({$full['state']}): it sends it");
        $resend = "run aco:resync --feed={$feed->name} --by-ids=$entityId, then aco:sync";
        if ($now['error'] !== null) {
            return "fix field {$now['error']['field']}: " . $this->text->line($feed, ['item_key' => $now['key'], 'scope' => $now['scope'],
                'status' => ItemStatus::INVALID, 'error_status' => null, 'error_field' => $now['error']['field'], 'error_message' => $now['error']['message']]);
        }
        if ($row === null || $row['feed_hash'] === null) {
            return $comes ?? 'not sent yet, and no change of it was captured: run aco:sync --full';
        }
        $changed = $row['feed_hash'] !== $now['hash'] || (int) $row['is_deleted'] === 1;
        $status = (int) $row['status'];
        return match (true) {
            $changed => $comes ?? 'changed in Magento, and no change of it was captured: run aco:sync --full',
            $status === ItemStatus::REFUSED => "fix field {$row['error_field']}: " . $this->text->line($feed, $row) . ' (the change is sent when saved)',
            $status === ItemStatus::RETRY => 'ACO failed it; the sync tries again at ' . ($row['next_retry_at'] ?? 'its next run') . ": nothing to do unless it needs attention",
            $status === ItemStatus::NEEDS_ATTENTION => "failed {$row['attempts']} times (" . $this->text->line($feed, $row) . "): once the cause is gone, $resend",
            $status === ItemStatus::PENDING => $comes ?? "not confirmed by ACO: $resend",
            default => null,
        };
    }

    private static function hash(?string $hash): string
    {
        return $hash === null ? 'none' : substr($hash, 0, 10);
    }
}
