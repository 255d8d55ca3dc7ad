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
    /** Refused before sending: the mapping found data ACO cannot take; waits for a data change or a manual resync. */
    public const INVALID = 3;
    /** Failed `max attempts` times in a row: a person should look. */
    public const NEEDS_ATTENTION = 4;
    /** Refused by ACO (an answer no retry changes, a 400): waits for a data change or a manual resync. */
    public const REFUSED = 5;
    /** Statuses a person has to look at (aco:status --failed, the admin grid's failed count). */
    public const FAILED = [self::RETRY, self::INVALID, self::NEEDS_ATTENTION, self::REFUSED];

    public const LABELS = [
        self::PENDING => 'pending',
        self::SENT => 'sent',
        self::RETRY => 'retry',
        self::INVALID => 'refused before sending',
        self::NEEDS_ATTENTION => 'needs attention',
        self::REFUSED => 'refused by ACO',
    ];
}
