<?php
/**
 * Stubs of everything the `aco` PHP extension (libaco_connector.so) exports, for IDEs and static
 * analysis. Never loaded at run time. tests/php/Extension/StubsMatchExtensionTest keeps this file and
 * the built extension identical by Reflection: change both in the same commit.
 *
 * @generated no: written by hand, checked by test
 */

namespace Aco\Native;

/**
 * Marker implemented by every exception the extension throws.
 */
interface ExceptionInterface
{
}

/**
 * A value passed to the extension can never work (bad configuration, malformed record).
 * The message names the field.
 */
class InvalidArgumentException extends \InvalidArgumentException implements ExceptionInterface
{
}

/**
 * An operation failed at run time (network, remote service); it may succeed if retried later.
 */
class RuntimeException extends \RuntimeException implements ExceptionInterface
{
}

/**
 * A bug inside the extension: a Rust panic caught at the PHP boundary. The process stays usable.
 */
class InternalException extends RuntimeException
{
}

/**
 * IMS refused the credentials, or the API refused the token (401/403). Fix the configuration.
 */
class AuthenticationException extends RuntimeException
{
}

/**
 * The network or the remote service failed (unreachable host, TLS, timeout, 5xx). May work later.
 */
class TransportException extends RuntimeException
{
}

/**
 * Sends catalog items to the ACO ingestion API: batching, bounded concurrency, retries with backoff
 * and Retry-After (a 429 pauses every request of the client: throttledFor()), and a settled result
 * for every item. It does not pace itself: the caller decides when a request goes (requestShape()).
 * Uploads run on a background I/O thread, so PHP keeps producing while the network works. Safe
 * across pcntl_fork (a child builds its own connections). The client secret is never shown by var_dump or messages.
 */
final class Client
{
    /**
     * @param array{region: string, type: string, tenant_id: string, client_id: string, client_secret: string,
     *     org_id?: string, api_base_url?: ?string, ims_base_url?: ?string, allow_url_override?: bool, proxy_url?: ?string,
     *     timeout_ms?: int, connect_timeout_ms?: int, concurrency?: int, max_items_per_request?: int,
     *     max_request_bytes?: int, gzip_min_bytes?: int, max_attempts?: int, retry_base_ms?: int,
     *     retry_max_ms?: int} $config
     *     region: na1|eu1|uk1|au1|in1|sg1; type: sandbox|production; the base URL overrides are for the
     *     local emulator and need allow_url_override (http only on an IP loopback address or localhost);
     *     proxy_url: http(s)://host:port, the only proxy used (HTTP_PROXY/HTTPS_PROXY are ignored), never
     *     for loopback
     * @throws InvalidArgumentException naming the first bad or unknown setting
     * @throws RuntimeException when called again on a constructed client (it would lose the results of
     *     items in flight): create another Client instead
     * The config is a sensitive parameter (it holds the secret): an exception's trace shows a
     * SensitiveParameterValue in its place, also with zend.exception_ignore_args=0.
     */
    public function __construct(#[\SensitiveParameter] array $config)
    {
    }

    /**
     * Gets an IMS token and sends one harmless request with it (a delete of a product that cannot exist).
     *
     * @return array{ok: bool, stage: string, status: ?int, message: string} stage: "ims" or "api"
     */
    public function testConnection(): array
    {
    }

    /**
     * Queues items for an endpoint and returns at once; results come from results() or wait().
     * Blocks while far more requests (or, of large requests, items) are queued than can be in flight.
     *
     * @param string $endpoint products, products.delete, productMetadata, productMetadata.delete,
     *     categoryMetadata, categoryMetadata.delete, categories, categories.delete, priceBooks,
     *     priceBooks.delete, prices, prices.delete, layers, layers.delete
     * @param array<string|int, string> $items id => one item as a JSON object string
     * @return int number of items queued (malformed or oversized items settle at once as failed)
     * @throws InvalidArgumentException for an unknown endpoint or a non-string item
     */
    public function submit(string $endpoint, array $items): int
    {
    }

    /**
     * Queues the items of a mapped batch that mapped without error (all of them, or only those in
     * $feedIds), with their feed ids as result ids. Payloads go from the batch to the wire without
     * passing through PHP.
     *
     * @param Batch $batch
     * @param list<string>|null $feedIds only these items (e.g. those whose hash changed), in this order; ids not in the batch are skipped
     * @return int number of items queued
     */
    public function submitBatch(Batch $batch, ?array $feedIds = null): int
    {
    }

    /**
     * What one request to an endpoint is, for a budget shared with other processes: the family whose
     * per-minute item budget it counts against and how many items it carries at most.
     *
     * @param string $endpoint as for submit()
     * @return array{family: string, items: int} family: products|prices|other
     * @throws InvalidArgumentException for an unknown endpoint
     */
    public function requestShape(string $endpoint): array
    {
    }

    /**
     * Seconds ACO's last `Retry-After` (a 429) still pauses this client's requests, 0.0 when none: for
     * the budget other processes share, so they pause too.
     */
    public function throttledFor(): float
    {
    }

    /**
     * Results settled since the last call.
     *
     * @return list<array{id: string, endpoint: string, accepted: bool, status: ?int, code: ?string,
     *     message: ?string, retryable: bool, requestId: ?string, attempts: int}>
     */
    public function results(): array
    {
    }

    /**
     * Blocks until every submitted item has settled, or the timeout passes; returns the results.
     *
     * @param int|null $timeoutMs null waits as long as it takes (each HTTP attempt has its own timeout)
     * @return list<array{id: string, endpoint: string, accepted: bool, status: ?int, code: ?string,
     *     message: ?string, retryable: bool, requestId: ?string, attempts: int}>
     */
    public function wait(?int $timeoutMs = null): array
    {
    }

    /**
     * Requests still queued or in flight.
     *
     * @return int
     */
    public function pending(): int
    {
    }

    /**
     * Log lines since the last call, for the host's logger (PSR-3 in Magento).
     *
     * @return list<array{level: string, target: string, message: string, at: float}> level: debug|info|warning|error;
     *   at: when it happened (unix seconds), which may be well before this call
     */
    public function logs(): array
    {
    }

    /**
     * One GraphQL request, answered in full (paced by the request budget; 429, 5xx and network errors
     * retried; a 401 on the admin API refreshes the token once). A GraphQL error is in the body.
     *
     * @param string $api admin (/{tenant}/admin/graphql: catalog views and policies, with the IMS token)
     *   or storefront (/{tenant}/graphql: the Merchandising API, no token)
     * @param string $body the JSON request: {"query": "…", "variables": {…}}
     * @param array<string, string>|null $headers ACO's AC-* headers only (AC-View-ID, AC-Price-Book-ID, AC-Source-Locale, AC-Policy-…)
     * @return array{status: int, body: string, requestId: ?string}
     * @throws InvalidArgumentException an unknown $api or a header other than AC-*
     * @throws TransportException no usable answer after the retries
     * @throws AuthenticationException IMS refused the credentials (admin)
     */
    public function graphql(string $api, string $body, ?array $headers = null): array
    {
    }

    /**
     * The ACO admin UI of the configured tenant: https://{region}[-sandbox].admin.commerce.adobe.com/{tenant_id}
     *
     * @return string
     */
    public function adminUrl(): string
    {
    }
}

/**
 * The store as the mapping sees it, and the mapping of catalog reader chunks to ACO payloads
 * (products per store view, attribute metadata, categories, price books, prices per price book).
 */
final class Catalog
{
    /**
     * @param array<string, list<list<int|float|string|null>>> $context tables from the readers: websites
     *     (id, code, name, currency, enabled), stores (id, code, name, website_id, locale, active, enabled),
     *     groups (id, code), attributes, labels, options, swatches (AttributeReader), categories and
     *     categoryValues (CategoryReader)
     * @param array{media_url: string, category_media_url: string, low_stock_threshold: int,
     *     price_scope: int} $settings price_scope is catalog/price/scope
     * @throws InvalidArgumentException naming the bad table, row field or setting
     * @throws RuntimeException when called again on a constructed catalog
     */
    public function __construct(array $context, array $settings)
    {
    }

    /**
     * Maps one ProductReader chunk: an item per product and exported store view of its websites.
     * In the background, the rows are taken at once and mapped on a thread of its own until the batch
     * is first used: worth it when the caller has other work meanwhile (the items then come from
     * another core's caches, which costs CPU).
     *
     * @param array<string, list<list<int|float|string|null>>> $chunk
     * @param bool $inBackground map on a thread of its own
     * @return Batch
     * @throws InvalidArgumentException for an unknown table name, or a cell that is not null, a boolean, a
     *     number or a string (named as table[row][column])
     */
    public function products(array $chunk, bool $inBackground = false): Batch
    {
    }

    /**
     * Maps one PriceReader chunk: an item per product and price book of its exported websites. Its
     * table `dates` holds each website's local date (website id, YYYY-MM-DD), the day a special price
     * is evaluated on, as Magento does in the website's time zone.
     *
     * @param array<string, list<list<int|float|string|null>>> $chunk
     * @param bool $inBackground map on a thread of its own (see products())
     * @return Batch
     * @throws InvalidArgumentException for an unknown table name or a cell that is not a scalar (see products()),
     *     or a chunk without the local date of an exported website
     */
    public function prices(array $chunk, bool $inBackground = false): Batch
    {
    }

    /**
     * Attribute metadata for every exported store view (system attributes included).
     *
     * @return Batch
     */
    public function productMetadata(): Batch
    {
    }

    /**
     * Categories of every exported store view, parents before children.
     *
     * @return Batch
     */
    public function categories(): Batch
    {
    }

    /**
     * A base price book per exported website and a child book per customer group.
     *
     * @return Batch
     */
    public function priceBooks(): Batch
    {
    }
}

/**
 * Mapped items of one feed. Payloads stay in the extension; PHP reads identities and change hashes.
 * Made only by Catalog. A reader chunk's batch may still be mapping: the first method that needs its
 * items waits for them (a panic of that mapping surfaces there as InternalException). In a pcntl_fork
 * child, a batch still mapping at the fork throws RuntimeException (its thread stayed in the parent):
 * map the chunk again in the child, or read the batch before forking.
 */
final class Batch
{
    /**
     * Not constructible from PHP: Catalog's methods return batches.
     */
    public function __construct()
    {
    }

    /**
     * Number of items.
     *
     * @return int
     */
    public function count(): int
    {
    }

    /**
     * Feed id → payload hash, in sending order: what a sync compares with the feed state.
     *
     * @return array<string, string|null> SHA-1 of each item's payload; null when the item failed to map
     */
    public function hashes(): array
    {
    }

    /**
     * The items with these feed ids, in the order asked; every item, in sending order, when null.
     *
     * @param list<string>|null $feedIds feed ids of items of this batch (an unknown id is an InvalidArgumentException)
     * @return list<array{feedId: string, entityId: int, scope: string, key: string, hash: ?string, delete: ?string,
     *     error: ?array{field: string, message: string}}> hash is the SHA-1 of the payload; delete is the JSON
     *     item that deletes it from ACO (kept for when it disappears from the catalog; null when nothing can be
     *     sent under its identity: no SKU, a duplicate SKU); error says why there is no payload
     */
    public function rows(?array $feedIds = null): array
    {
    }

    /**
     * What the mapping changed in the items so ACO's contract takes them (a category name cut to 128
     * characters, a free special price sent as a regular price of 0, a tier ACO cannot hold left out):
     * one line each naming the product or category, its scope and the field; each text once.
     *
     * @return list<string>
     */
    public function warnings(): array
    {
    }

    /**
     * The JSON payload of an item; null when it failed to map or is not in this batch.
     *
     * @param string $feedId
     * @return string|null
     */
    public function payload(string $feedId): ?string
    {
    }
}

/**
 * The version of the loaded `aco` extension.
 *
 * @return string semantic version, e.g. "0.1.0"
 */
function version(): string
{
}

/**
 * The id of a customer group's price book in a website, as the price mapping sends it:
 * "{websiteCode}::{sha1(groupId)}" when that fits ACO's 64 characters, else with the SHA-1 cut to fit
 * (docs/mapping.md, Scopes).
 *
 * @param string $websiteCode
 * @param int $groupId
 * @return string
 */
function groupPriceBookId(string $websiteCode, int $groupId): string
{
}

/**
 * Diagnostic: panics inside Rust on purpose. The call always ends in InternalException, proving that
 * a bug in the extension reaches PHP as a catchable exception, never a crash.
 *
 * @param string $message the panic message, repeated in the exception message
 * @return void
 * @throws InternalException always
 */
function selfTestPanic(string $message): void
{
}
