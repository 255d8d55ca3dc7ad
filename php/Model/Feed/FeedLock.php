<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

use Aco\Connector\Model\Database;

/**
 * The per-feed database lock (`GET_LOCK`, held by the connection): a sync holds its feed's for the
 * whole run, and `aco:config:init` takes every feed's before it clears the record of what was sent,
 * so no run can record answers of the old destination after the clear.
 */
final class FeedLock
{
    /** Takes the lock of $feed, waiting at most $seconds; false when a run of the feed holds it. */
    public static function take(Database $db, Feed $feed, int $seconds = 0): bool
    {
        $st = $db->prepare('SELECT GET_LOCK(?, ?)');
        $st->execute([self::name($db, $feed), $seconds]);
        return (int) $st->fetchColumn() === 1;
    }

    public static function release(Database $db, Feed $feed): void
    {
        $db->prepare('SELECT RELEASE_LOCK(?)')->execute([self::name($db, $feed)]);
    }

    /**
     * Runs $work holding every feed's lock.
     *
     * @template T
     * @param callable(): T $work
     * @return T
     * @throws \RuntimeException naming the feed whose sync did not finish within $seconds
     */
    public static function all(Database $db, int $seconds, callable $work): mixed
    {
        $held = [];
        try {
            foreach (Feed::all() as $feed) {
                if (!self::take($db, $feed, $seconds)) {
                    throw new \RuntimeException("a sync of {$feed->name} is running: let it finish or stop it, then run this again");
                }
                $held[] = $feed;
            }
            return $work();
        } finally {
            foreach ($held as $feed) {
                self::release($db, $feed);
            }
        }
    }

    /**
     * The lock's name: MariaDB's locks are the server's, not a database's, so it names the store
     * (its database and table prefix): two stores on one server (staging beside production) never
     * hold each other's feeds.
     */
    public static function name(Database $db, Feed $feed): string
    {
        return 'aco_sync_' . $feed->name . '.' . substr(sha1($db->name() . '.' . $db->table($feed->table())), 0, 12);
    }
}
