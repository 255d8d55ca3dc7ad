<?php
declare(strict_types=1);

namespace Aco\Connector\Block\Adminhtml;

use Aco\Connector\Model\Native\ExtensionStatus;
use Aco\Connector\Model\ServicesProvider;
use Magento\Backend\Block\Template;

/**
 * The configuration page: is the extension loaded, is the connector configured, where it points,
 * and the link to the ACO admin.
 */
class ConnectionStatus extends Template
{
    protected $_template = 'Aco_Connector::connection_status.phtml';

    private ServicesProvider $services;

    public function __construct(Template\Context $context, ServicesProvider $services, array $data = [])
    {
        $this->services = $services;
        parent::__construct($context, $data);
    }

    public function extensionProblem(): ?string
    {
        return (new ExtensionStatus())->problem();
    }

    /**
     * @return array{configured: bool, connection: array<string, string>, adminUrl: string, lastTest: ?array{ok: bool, message: string, at: string}, problem: ?string}
     */
    public function status(): array
    {
        try {
            $config = $this->services->services()->config();
            return ['configured' => $config->isConfigured(), 'connection' => $config->masked(), 'adminUrl' => $config->adminUrl(),
                'lastTest' => $config->lastTest(), 'problem' => null];
        } catch (\Throwable $e) {
            return ['configured' => false, 'connection' => [], 'adminUrl' => '', 'lastTest' => null, 'problem' => $e->getMessage()];
        }
    }
}
