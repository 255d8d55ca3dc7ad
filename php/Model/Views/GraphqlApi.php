<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Views;

/**
 * One of ACO's GraphQL APIs through the extension's transport: the admin API (catalog views and
 * policies; Adobe no longer documents it) or the storefront's Merchandising API. Any answer but a
 * clean 200 with data is a refusal the caller reports or falls back on.
 */
class GraphqlApi
{
    private \Aco\Native\Client $client;
    private string $api;

    /** @param string $api admin or storefront (Aco\Native\Client::graphql) */
    public function __construct(\Aco\Native\Client $client, string $api)
    {
        $this->client = $client;
        $this->api = $api;
    }

    /**
     * @param array<string, mixed> $variables
     * @param array<string, string> $headers AC-* headers (the storefront's catalog view, price book, source)
     * @return array<string, mixed> the answer's data
     * @throws ApiRefused HTTP other than 200, or GraphQL errors (the first one's message)
     */
    public function run(string $query, array $variables = [], array $headers = []): array
    {
        $answer = $this->client->graphql($this->api, json_encode(['query' => $query, 'variables' => (object) $variables], JSON_THROW_ON_ERROR), $headers);
        $body = json_decode($answer['body'], true);
        $id = $answer['requestId'] === null ? '' : " (request {$answer['requestId']})";
        if ($answer['status'] !== 200 || !is_array($body)) {
            $said = is_array($body) ? (string) ($body['message'] ?? $body['title'] ?? '') : substr($answer['body'], 0, 200);
            throw new ApiRefused("HTTP {$answer['status']}$id" . ($said === '' ? '' : ": $said"));
        }
        if (!empty($body['errors'])) {
            throw new ApiRefused((string) ($body['errors'][0]['message'] ?? 'an error without a message') . $id);
        }
        return is_array($body['data'] ?? null) ? $body['data'] : [];
    }
}
