<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Views;

use Aco\Connector\Model\Database;

/**
 * Makes ACO's catalog views and policies what a ViewsPlan says, through the admin API: creates what
 * is missing, updates what differs (a view or policy changed in ACO by hand is put back and reported),
 * deletes what the connector created and the plan no longer has, and records what it manages
 * (aco_catalog_view). Views it did not create are reported, never touched. A second run with the same
 * plan writes nothing.
 */
class ViewsApply
{
    private const PROBE = '{ channels { channelId name scopes { locale } policyIds allowedPriceBookIds defaultPriceBookId }
        policies { policyId name mandatory actions { triggers { name transportType } filters { attribute actionFilterOperator valueSource values enabled } } } }';

    private GraphqlApi $api;
    private Database $db;
    /** @var array{created: int, updated: int, deleted: int, unchanged: int, lines: list<string>} */
    private array $report = ['created' => 0, 'updated' => 0, 'deleted' => 0, 'unchanged' => 0, 'lines' => []];

    public function __construct(GraphqlApi $api, Database $db)
    {
        $this->api = $api;
        $this->db = $db;
    }

    /**
     * What ACO holds now; the first admin request, so a tenant refusing the API refuses it.
     *
     * @return array{channels: list<array<string, mixed>>, policies: list<array<string, mixed>>}
     * @throws ApiRefused
     */
    public function probe(): array
    {
        $data = $this->api->run(self::PROBE);
        return ['channels' => $data['channels'] ?? [], 'policies' => $data['policies'] ?? []];
    }

    /**
     * @param array{channels: list<array<string, mixed>>, policies: list<array<string, mixed>>} $current probe()
     * @return array{created: int, updated: int, deleted: int, unchanged: int, lines: list<string>}
     */
    public function apply(array $plan, array $current): array
    {
        $managed = self::managed($this->db);
        $policies = array_column($current['policies'], null, 'policyId');
        $channels = array_column($current['channels'], null, 'channelId');
        $policyIds = [];
        foreach ($plan['policies'] as $name => $policy) {
            $definition = ['name' => $name, 'mandatory' => true, 'actions' => [['triggers' => [], 'filters' => [[
                'attribute' => $policy['attribute'], 'actionFilterOperator' => 'IN', 'valueSource' => 'STATIC', 'values' => $policy['values'], 'enabled' => true]]]]];
            $policyIds[$name] = $this->converge('policy', $name, $definition, $managed['policy'][$name] ?? null, $policies, 'Policy');
        }
        foreach ($plan['views'] as $view) {
            $definition = ['name' => $view['name'], 'scopes' => [['locale' => $view['source']]],
                'policyIds' => array_map(static fn (string $n): string => $policyIds[$n], $view['policies']),
                'allowedPriceBookIds' => $view['priceBooks'], 'defaultPriceBookId' => $view['defaultPriceBook']];
            $this->converge('view', $view['storeView'], $definition, $managed['view'][$view['storeView']] ?? null, $channels, 'Channel');
        }
        // views first: a policy a view still names cannot go
        $planned = ['view' => array_column($plan['views'], 'storeView'), 'policy' => array_keys($plan['policies'])];
        foreach (['view' => ['deleteChannel', 'channelId', $channels], 'policy' => ['deletePolicy', 'policyId', $policies]] as $kind => [$mutation, $arg, $existing]) {
            foreach ($managed[$kind] as $key => $row) {
                if (!in_array((string) $key, $planned[$kind], true)) {
                    if (isset($existing[$row['aco_id']])) {
                        $this->api->run("mutation(\$id: String!) { $mutation($arg: \$id) }", ['id' => $row['aco_id']]);
                    }
                    $this->db->prepare('DELETE FROM {aco_catalog_view} WHERE kind = ? AND plan_key = ?')->execute([$kind, $key]);
                    $this->note('deleted', "$kind $key: deleted (no longer in the plan)");
                }
            }
        }
        $ours = array_column(self::managed($this->db)['view'], 'aco_id');
        foreach ($current['channels'] as $channel) {
            if (!in_array($channel['channelId'], $ours, true)) {
                $this->report['lines'][] = "view \"{$channel['name']}\" ({$channel['channelId']}): made in ACO, not managed by the connector (left as it is)";
            }
        }
        return $this->report;
    }

    /**
     * Creates, updates or leaves one view or policy; returns its ACO id.
     *
     * @param array{aco_id: string, definition_hash: string}|null $row what was recorded for it
     * @param array<string, array<string, mixed>> $existing ACO's current items by id
     */
    private function converge(string $kind, string $key, array $definition, ?array $row, array $existing, string $type): string
    {
        $idField = $kind === 'view' ? 'channelId' : 'policyId';
        $input = $kind === 'view' ? 'channelRequest' : 'policyRequest';
        $hash = self::hash($definition);
        $now = $row === null ? null : ($existing[$row['aco_id']] ?? null);
        // a create whose answer was lost made it in ACO all the same, under the name the connector gives
        // it: taken back, not made twice (a second policy of that name is refused, a view would double)
        $now ??= array_values(array_filter($existing, static fn (array $item): bool => ($item['name'] ?? null) === $definition['name']))[0] ?? null;
        if ($now !== null) {
            $id = (string) $now[$idField];
            $seen = self::hash(array_intersect_key($now, $definition) + array_fill_keys(array_keys($definition), null));
            if ($seen === $hash && $row !== null && $row['aco_id'] === $id) {
                $this->report['unchanged']++;
                return $id;
            }
            if ($seen !== $hash) {
                $why = match (true) {
                    $row === null || $row['aco_id'] !== $id => 'taken back: an earlier create was not answered',
                    $seen !== $row['definition_hash'] => 'changed in ACO by hand, put back',
                    default => 'the store changed',
                };
                $this->api->run("mutation(\$r: Update{$type}Request!) { update$type($input: \$r) { $idField } }", ['r' => [$idField => $id] + $definition]);
                $this->note('updated', "$kind $key: updated ($why)");
            } else {
                $this->note('unchanged', "$kind $key: taken back (an earlier create was not answered)");
            }
        } else {
            $data = $this->api->run("mutation(\$r: Create{$type}Request!) { create$type($input: \$r) { $idField } }", ['r' => $definition]);
            $id = (string) $data["create$type"][$idField];
            $this->note('created', "$kind $key: created" . ($row === null ? '' : ' again (deleted in ACO)'));
        }
        $this->db->prepare('REPLACE INTO {aco_catalog_view} (kind, plan_key, aco_id, definition_hash, applied_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP())')
            ->execute([$kind, $key, $id, $hash]);
        return $id;
    }

    /** SHA-1 of a definition with its object keys sorted: ACO may answer fields in any order. */
    private static function hash(array $definition): string
    {
        $sorted = static function ($value) use (&$sorted) {
            if (!is_array($value)) {
                return $value;
            }
            if (!array_is_list($value)) {
                ksort($value);
            }
            return array_map($sorted, $value);
        };
        return sha1(json_encode($sorted($definition), JSON_THROW_ON_ERROR));
    }

    private function note(string $count, string $line): void
    {
        $this->report[$count]++;
        $this->report['lines'][] = $line;
    }

    /**
     * What the connector manages in ACO (aco_catalog_view), by kind and plan key (a view's: its store view).
     *
     * @return array{view: array<string, array{aco_id: string, definition_hash: string}>, policy: array<string, array{aco_id: string, definition_hash: string}>}
     */
    public static function managed(Database $db): array
    {
        $out = ['view' => [], 'policy' => []];
        foreach ($db->query('SELECT kind, plan_key, aco_id, definition_hash FROM {aco_catalog_view}')->fetchAll(\PDO::FETCH_ASSOC) as $r) {
            $out[$r['kind']][$r['plan_key']] = ['aco_id' => $r['aco_id'], 'definition_hash' => $r['definition_hash']];
        }
        return $out;
    }
}
