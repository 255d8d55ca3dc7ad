<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Sync;

use Aco\Connector\MagentoTest\Support\Magento;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * Issue 30, on Magento's own cron: a customer group's price book holds a product's price only while
 * the group pays otherwise than the website's base book says; else ACO's lookup walks up to the base
 * book (docs/mapping.md, Prices). A group price (the group's tier at qty 1) added, changed, made equal
 * to the base price, given again and removed, and a catalog rule for one customer group only: after
 * each, the lanes' cron alone leaves ACO as a full sync would (Magento::assertCronConverged), the
 * group's book holds a record exactly while the group pays otherwise, and the storefront serves the
 * group what Magento charges it, through the fallback where the book holds none.
 *
 * Its data is its own, made in its set-up through Magento's services: a product in the base website
 * only and two customer groups no other class names (no other class's rule reaches them); its rule is
 * deleted in its tear-down.
 */
final class GroupPriceChangesTest extends TestCase
{
    private const SKU = 'aco_group_priced';
    private const PRICE = 40.0;
    private const RULE = 'aco group price: one group';
    private static EmulatorProcess $emulator;
    /** @var array{priced: int, other: int} the group given prices, and one given none */
    private static array $groups;
    /** The catalog view the storefront reads are made in: the default store view's catalog, every price book. */
    private static string $view;

    public static function setUpBeforeClass(): void
    {
        self::$emulator = Magento::connectedStore();
        Magento::fixture('simple', ['sku' => self::SKU, 'name' => 'Group Priced', 'price' => self::PRICE, 'websites' => ['base']]);
        self::$groups = ['priced' => Magento::fixture('customerGroup', ['code' => 'aco group priced'])['group'],
            'other' => Magento::fixture('customerGroup', ['code' => 'aco group other'])['group']];
        // as a merchant makes one in ACO Studio: the store view's source, no policy, any price book
        $made = (new \Aco\Native\Client(self::$emulator->clientConfig()))->graphql('admin', json_encode(['query' => 'mutation($r: CreateChannelRequest!) { createChannel(channelRequest: $r) { channelId } }',
            'variables' => ['r' => ['name' => 'group prices', 'scopes' => [['locale' => 'default']]]]], JSON_THROW_ON_ERROR), []);
        self::$view = (string) json_decode($made['body'], true)['data']['createChannel']['channelId'];
    }

    public static function tearDownAfterClass(): void
    {
        Magento::fixture('deleteRules', ['names' => [self::RULE]]);
        Magento::mustRun('indexer:reindex', 'catalogrule_rule');
        self::$emulator->stop();
    }

    public function test_a_group_book_holds_a_price_only_while_the_group_pays_otherwise_with_only_magentos_cron(): void
    {
        Magento::assertCronConverged('the product and the customer groups created');
        $this->assertFallsBack('priced', 'no price of its own yet');

        $this->groupPrice(30.0);
        Magento::assertCronConverged('a group price added');
        $this->assertOwnPrice('priced', 30.0, 'group_price', 'a group price added');
        $this->assertFallsBack('other', 'a group price of another group');

        $this->groupPrice(34.0);
        Magento::assertCronConverged('a group price changed');
        $this->assertOwnPrice('priced', 34.0, 'group_price', 'a group price changed');

        $this->groupPrice(self::PRICE);
        Magento::assertCronConverged('a group price made equal to the base price');
        $this->assertFallsBack('priced', 'a group price equal to the base price: its record deleted');

        $this->groupPrice(28.0);
        Magento::assertCronConverged('a group price given again');
        $this->assertOwnPrice('priced', 28.0, 'group_price', 'a group price given again');
        $this->groupPrice(null);
        Magento::assertCronConverged('a group price removed');
        $this->assertFallsBack('priced', 'the group price removed: its record deleted');

        Magento::fixture('datedRule', ['name' => self::RULE, 'percent' => 25, 'groups' => [self::$groups['priced']], 'website' => 'base']);
        Magento::mustRun('indexer:reindex', 'catalogrule_rule');   // what Magento's index cron does after Apply Rules
        Magento::assertCronConverged('a catalog rule for one customer group');
        $this->assertOwnPrice('priced', self::PRICE * 0.75, 'catalog_rule', 'a catalog rule for this group');
        $this->assertFallsBack('other', 'a catalog rule for another group only');

        Magento::fixture('deleteRules', ['names' => [self::RULE]]);
        Magento::mustRun('indexer:reindex', 'catalogrule_rule');
        Magento::assertCronConverged('the catalog rule deleted');
        $this->assertFallsBack('priced', 'the catalog rule deleted: its record deleted');
    }

    /** The priced group's price (its tier at qty 1) set through Magento's tier price service; null: removed. */
    private function groupPrice(?float $price): void
    {
        Magento::fixture('tierPrice', ['sku' => self::SKU, 'qty' => 1, 'group' => self::$groups['priced']] + ($price === null ? [] : ['price' => $price]));
    }

    /** The group's book holds a record of its own, with that discount, and the storefront serves the group its price. */
    private function assertOwnPrice(string $group, float $final, string $discount, string $after): void
    {
        $own = self::$emulator->price(self::book($group), self::SKU);
        self::assertNotNull($own, "after $after, the group's book holds the product's price");
        self::assertContains($discount, array_column($own['discounts'] ?? [], 'code'), "after $after");
        self::assertEqualsWithDelta($final, $this->served(self::book($group)), 0.0001, "after $after, what the storefront serves the group");
    }

    /** The group's book holds no record of the product and the storefront serves the group the base book's price. */
    private function assertFallsBack(string $group, string $after): void
    {
        self::assertNull(self::$emulator->price(self::book($group), self::SKU), "after $after, the group's book holds no record of its own");
        self::assertEqualsWithDelta(self::PRICE, $this->served('base'), 0.0001, "after $after, the base book's price");
        self::assertEqualsWithDelta(self::PRICE, $this->served(self::book($group)), 0.0001, "after $after, the group is served the base book's price through the fallback");
    }

    private static function book(string $group): string
    {
        return 'base::' . sha1((string) self::$groups[$group]);
    }

    /** The product's final price as ACO's storefront serves it in this price book. */
    private function served(string $book): float
    {
        $answer = (new \Aco\Native\Client(self::$emulator->clientConfig()))->graphql('storefront', json_encode([
            'query' => 'query($skus: [String]) { products(skus: $skus) { sku ... on SimpleProductView { price { final { amount { value } } } } } }',
            'variables' => ['skus' => [self::SKU]]], JSON_THROW_ON_ERROR), ['AC-View-ID' => self::$view, 'AC-Price-Book-ID' => $book]);
        $product = json_decode($answer['body'], true)['data']['products'][0] ?? null;
        self::assertIsArray($product, "the storefront serves " . self::SKU . " in price book $book: {$answer['body']}");
        return (float) $product['price']['final']['amount']['value'];
    }
}
