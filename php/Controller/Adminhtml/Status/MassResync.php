<?php
declare(strict_types=1);

namespace Aco\Connector\Controller\Adminhtml\Status;

use Aco\Connector\Model\ServicesProvider;
use Aco\Connector\Ui\ResyncSelection;
use Magento\Backend\App\Action;
use Magento\Framework\App\Action\HttpPostActionInterface;

/**
 * "Schedule resync" mass action of the items grid: the chosen items are sent again on the next sync
 * (what is chosen: ResyncSelection).
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
        try {
            [$feed, $n] = (new ResyncSelection($this->services->services()->db()))->apply($this->getRequest()->getParams());
            $this->messageManager->addSuccessMessage((string) __('%1 %2 items will be sent again on the next sync.', $n, $feed->name));
        } catch (\InvalidArgumentException $e) {
            $this->messageManager->addErrorMessage($e->getMessage());
        }
        return $this->resultRedirectFactory->create()->setPath('*/*/index');
    }
}
