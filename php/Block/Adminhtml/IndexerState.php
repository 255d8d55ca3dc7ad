<?php
declare(strict_types=1);

namespace Aco\Connector\Block\Adminhtml;

use Aco\Connector\Model\Feed\Feed;
use Magento\Backend\Block\Template;
use Magento\Framework\Indexer\IndexerRegistry;

/**
 * Top of Data Feed Sync Status: each ACO indexer's state (valid, invalid = a full reindex failed
 * or was asked for, working) and mode (Update by Schedule or on Save).
 */
class IndexerState extends Template
{
    protected $_template = 'Aco_Connector::indexer_state.phtml';

    private IndexerRegistry $indexers;

    public function __construct(Template\Context $context, IndexerRegistry $indexers, array $data = [])
    {
        $this->indexers = $indexers;
        parent::__construct($context, $data);
    }

    /** @return list<array{title: string, status: string, scheduled: bool}> */
    public function states(): array
    {
        $out = [];
        foreach (Feed::all() as $feed) { // each feed's indexer is named after its view
            $indexer = $this->indexers->get($feed->view());
            $out[] = ['title' => (string) $indexer->getTitle(), 'status' => (string) $indexer->getStatus(), 'scheduled' => (bool) $indexer->isScheduled()];
        }
        return $out;
    }
}
