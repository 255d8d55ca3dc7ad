<?php
declare(strict_types=1);

namespace Aco\Connector\Controller\Adminhtml\Config;

use Magento\Backend\App\Action;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\View\Result\PageFactory;

/**
 * Adobe Commerce Optimizer > Configuration: setup steps, connection status, link to the ACO admin.
 */
class Index extends Action implements HttpGetActionInterface
{
    public const ADMIN_RESOURCE = 'Aco_Connector::config';

    private PageFactory $pages;

    public function __construct(Action\Context $context, PageFactory $pages)
    {
        $this->pages = $pages;
        parent::__construct($context);
    }

    public function execute()
    {
        $page = $this->pages->create();
        $page->setActiveMenu('Aco_Connector::config');
        $page->getConfig()->getTitle()->prepend(__('Adobe Commerce Optimizer'));
        return $page;
    }
}
