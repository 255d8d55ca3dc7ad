<?php
declare(strict_types=1);

namespace Aco\Connector\Controller\Adminhtml\Status;

use Aco\Connector\Model\Feed\Feed;
use Aco\Connector\Model\Feed\FeedState;
use Aco\Connector\Model\ServicesProvider;
use Magento\Backend\App\Action;
use Magento\Framework\App\Action\HttpPostActionInterface;

/**
 * "Schedule resync" mass action of the items grid: the chosen items are sent again on the next sync.
 */
class MassResync extends Action implements HttpPostActionInterface
{
    public const ADMIN_RESOURCE = 'Aco_Connector::resync';

    private ServicesProvider $services;

    public function __construct(Action\Context $context, ServicesProvider $services)
    {
        $this->services = $services;
        parent::__construct($context);
    }

    public function execute()
    {
        $redirect = $this->resultRedirectFactory->create()->setPath('*/*/index');
        try {
            $feed = Feed::named((string) $this->getRequest()->getParam('feed', Feed::PRODUCTS));
        } catch (\InvalidArgumentException $e) {
            $this->messageManager->addErrorMessage($e->getMessage());
            return $redirect;
        }
        $state = new FeedState($this->services->services()->pdo(), $feed);
        $selected = (array) $this->getRequest()->getParam('selected', []);
        $n = $selected !== [] ? $state->resetItems(array_map('strval', $selected)) : ($this->getRequest()->getParam('excluded') === 'false' ? $state->reset(null) : 0);
        $this->messageManager->addSuccessMessage((string) __('%1 items will be sent again on the next sync.', $n));
        return $redirect;
    }
}
