<?php
declare(strict_types=1);

namespace Aco\Connector\Block\Adminhtml;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\SyncOverview;
use Aco\Connector\Model\ServicesProvider;
use Magento\Backend\Block\Template;
use Magento\Framework\Indexer\IndexerRegistry;
use Magento\Framework\Indexer\StateInterface;

/**
 * Top of Data Feed Sync Status: what `aco:status` knows (SyncOverview): the shared budget (product
 * updates used today and left) and per feed its state (in sync, changes waiting, a full sync queued,
 * running or paused by the daily quota with its progress and end), then Magento's side of its indexer
 * (mode; "invalid" only says that Magento's index cron will queue a full sync).
 */
class SyncState extends Template
{
    protected $_template = 'Aco_Connector::sync_state.phtml';

    private IndexerRegistry $indexers;
    private ServicesProvider $services;
    private ?SyncOverview $overview = null;

    public function __construct(Template\Context $context, IndexerRegistry $indexers, ServicesProvider $services, array $data = [])
    {
        $this->indexers = $indexers;
        $this->services = $services;
        parent::__construct($context, $data);
    }

    /** @return array{dayUsed: int, dayLeft: int, perDay: int, window: array<string, array{used: int, limit: int}>, shared: bool}|null */
    public function budget(): ?array
    {
        return $this->overview()->budget();
    }

    /**
     * @return list<array{feed: string, title: string, state: string, done: ?float, failed: int, indexer: string, scheduled: bool}>
     *   done: the share of a running or paused full sync passed (null: none running)
     */
    public function feeds(): array
    {
        $out = [];
        foreach ($this->overview()->feeds(Feed::all()) as $row) {
            $indexer = $this->indexers->get($row['feed']->view()); // each feed's indexer is named after its view
            $full = $row['fullSync'];
            $out[] = ['feed' => $row['feed']->name, 'title' => (string) $indexer->getTitle(), 'state' => $row['state'],
                'done' => $full === null || $full['state'] === 'queued' ? null : $full['done'],
                'failed' => $row['failed'],
                'indexer' => match ((string) $indexer->getStatus()) {
                    StateInterface::STATUS_INVALID => (string) __('invalid: Magento\'s index cron queues a full sync on its next run'),
                    StateInterface::STATUS_WORKING => (string) __('working'),
                    default => (string) __('ready'),
                },
                'scheduled' => (bool) $indexer->isScheduled()];
        }
        return $out;
    }

    private function overview(): SyncOverview
    {
        return $this->overview ??= new SyncOverview($this->services->services());
    }
}
