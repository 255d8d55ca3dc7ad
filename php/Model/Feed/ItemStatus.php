<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * What happened to a feed item (the `status` column).
 */
final class ItemStatus
{
    /** Mapped, not yet confirmed by ACO. */
    public const PENDING = 0;
    /** Accepted by ACO; final until its hash changes. */
    public const SENT = 1;
    /** Failed in a way a later attempt may fix; resent after `next_retry_at`. */
    public const RETRY = 2;
    /** Invalid (mapping error or ACO's 400): waits for a data change or a manual resync. */
    public const INVALID = 3;
    /** Failed `max attempts` times in a row: a person should look. */
    public const NEEDS_ATTENTION = 4;

    public const LABELS = [
        self::PENDING => 'pending',
        self::SENT => 'sent',
        self::RETRY => 'retry',
        self::INVALID => 'invalid',
        self::NEEDS_ATTENTION => 'needs attention',
    ];
}
