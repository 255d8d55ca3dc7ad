<?php
declare(strict_types=1);

namespace Aco\Connector\Plugin;

use Aco\Connector\Model\Feed\Feed;
use Magento\Framework\Exception\LocalizedException;
use Magento\Framework\Phrase;
use Magento\Indexer\Model\Indexer;

/**
 * The feeds' indexers stay "Update by Schedule". "Update on Save" would make Magento drop their
 * changelogs, and a save cannot wait for ACO over the network: changes would reach ACO only with the
 * next full sync. Refused with a message (`indexer:set-mode` prints it and exits 1, Index
 * Management shows it), as Adobe's own feeds refuse it; the other indexers in the same request change.
 */
class KeepFeedIndexersScheduled
{
    /** @return array{0: mixed} */
    public function beforeSetScheduled(Indexer $indexer, $scheduled): array
    {
        if (!$scheduled && in_array($indexer->getId(), array_map(static fn (Feed $f): string => $f->view(), Feed::all()), true)) {
            throw new LocalizedException(new Phrase(
                '%1 runs only "Update by Schedule": on save, changes would reach Adobe Commerce Optimizer only with the next full sync. Its mode is unchanged.',
                [$indexer->getTitle()]
            ));
        }
        return [$scheduled];
    }
}
