<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Views;

/**
 * ACO's admin GraphQL API (catalog views and policies) through the extension's transport. Adobe no
 * longer documents it, so any answer but a clean 200 with data is a refusal the caller can fall back on.
 */
class AdminApi
{
    private \Aco\Native\Client $client;

    public function __construct(\Aco\Native\Client $client)
    {
        $this->client = $client;
    }

    /**
     * @param array<string, mixed> $variables
     * @return array<string, mixed> the answer's data
     * @throws AdminRefused HTTP other than 200, or GraphQL errors (the first one's message)
     */
    public function run(string $query, array $variables = []): array
    {
        $answer = $this->client->graphql('admin', json_encode(['query' => $query, 'variables' => (object) $variables], JSON_THROW_ON_ERROR));
        $body = json_decode($answer['body'], true);
        $id = $answer['requestId'] === null ? '' : " (request {$answer['requestId']})";
        if ($answer['status'] !== 200 || !is_array($body)) {
            $said = is_array($body) ? (string) ($body['message'] ?? $body['title'] ?? '') : substr($answer['body'], 0, 200);
            throw new AdminRefused("HTTP {$answer['status']}$id" . ($said === '' ? '' : ": $said"));
        }
        if (!empty($body['errors'])) {
            throw new AdminRefused((string) ($body['errors'][0]['message'] ?? 'an error without a message') . $id);
        }
        return is_array($body['data'] ?? null) ? $body['data'] : [];
    }
}
