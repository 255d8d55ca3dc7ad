<?php
declare(strict_types=1);

namespace Aco\Connector\Observer;

use Aco\Connector\Model\ServicesProvider;
use Magento\Framework\App\RequestInterface;
use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Magento\Framework\Message\ManagerInterface;

/**
 * On the Live Search and Product Recommendations admin pages (when those modules are installed),
 * tells the merchant that with ACO connected, merchandising rules are managed in ACO.
 * Event controller_action_predispatch (adminhtml); the front names come from etc/adminhtml/di.xml.
 */
class MerchandisingNotice implements ObserverInterface
{
    private ServicesProvider $services;
    private ManagerInterface $messages;
    /** @var list<string> */
    private array $frontNames;

    /** @param list<string> $frontNames admin route front names of the merchandising pages */
    public function __construct(ServicesProvider $services, ManagerInterface $messages, array $frontNames = [])
    {
        $this->services = $services;
        $this->messages = $messages;
        $this->frontNames = $frontNames;
    }

    public function execute(Observer $observer)
    {
        /** @var RequestInterface $request */
        $request = $observer->getEvent()->getRequest();
        if (!$request || !in_array($request->getModuleName(), $this->frontNames, true)) {
            return;
        }
        $config = $this->services->services()->config();
        if (!$config->isConfigured()) {
            return;
        }
        $this->messages->addNoticeMessage((string) __(
            'This store is connected to Adobe Commerce Optimizer: search and recommendation rules are managed in ACO (%1), not on this page.',
            $config->adminUrl()
        ));
    }
}
