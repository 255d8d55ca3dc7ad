<?php
declare(strict_types=1);

namespace Aco\Connector\Block\Adminhtml;

use Aco\Connector\Model\Explain\SkuExplain;
use Aco\Connector\Model\Printable;
use Aco\Connector\Model\ServicesProvider;
use Magento\Backend\Block\Template;

/**
 * What `aco:explain SKU` says (SkuExplain), for the page's `sku` parameter: the same lines, each scope
 * with its verdict.
 */
class Explain extends Template
{
    protected $_template = 'Aco_Connector::explain.phtml';

    private ServicesProvider $services;

    public function __construct(Template\Context $context, ServicesProvider $services, array $data = [])
    {
        $this->services = $services;
        parent::__construct($context, $data);
    }

    public function sku(): string
    {
        return (string) $this->getRequest()->getParam('sku', '');
    }

    /**
     * @return array{product: ?string, scopes: list<array{title: string, facts: list<string>, verdict: string, todo: bool}>, error: ?string}
     */
    public function report(): array
    {
        try {
            $report = (new SkuExplain($this->services->services()))->explain($this->sku());
            // quoted text (SKUs, ACO's answers) as the command prints it: no control or bidi character shown raw
            array_walk_recursive($report, static function (mixed &$value): void {
                $value = is_string($value) ? Printable::line($value) : $value;
            });
            return $report + ['error' => null];
        } catch (\RuntimeException | \Aco\Native\ExceptionInterface $e) {
            // the database, the key or the extension: the one line the command would print
            return ['product' => null, 'scopes' => [], 'error' => $e->getMessage()];
        }
    }
}
