<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Feed;

/**
 * A sync's client sends to a destination that is no longer the configured one: nothing more is
 * sent or recorded with it (a new engine, built from the stored settings, goes on).
 */
final class DestinationChanged extends \RuntimeException
{
}
