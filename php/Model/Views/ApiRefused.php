<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Views;

/** ACO's admin or storefront GraphQL API refused a request (not reachable for this tenant, or a GraphQL error). */
final class ApiRefused extends \RuntimeException
{
}
