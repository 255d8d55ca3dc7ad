<?php
declare(strict_types=1);

namespace Aco\Connector\Controller\Adminhtml\Status;

use Magento\Backend\App\Action;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\View\Result\PageFactory;

/**
 * Data Feed Sync Status > Explain (the item grid's row action): what `aco:explain SKU` says, for the
 * `sku` query parameter (Block\Adminhtml\Explain).
 */
class Explain extends Action implements HttpGetActionInterface
{
    public const ADMIN_RESOURCE = 'Aco_Connector::sync_status';

    private PageFactory $pages;

    public function __construct(Action\Context $context, PageFactory $pages)
    {
        $this->pages = $pages;
        parent::__construct($context);
    }

    public function execute()
    {
        $page = $this->pages->create();
        $page->setActiveMenu('Aco_Connector::sync_status');
        $page->getConfig()->getTitle()->prepend(__('Explain a SKU'));
        return $page;
    }
}
