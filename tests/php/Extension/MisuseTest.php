<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Extension;

use Aco\Connector\Model\Catalog\CatalogSchema;
use Aco\Connector\Model\Catalog\ProductReader;
use Aco\Connector\Test\Support\SampleDatabase;
use Aco\Connector\Tools\EmulatorProcess as Emulator;
use Aco\Native\Client;
use Aco\Native\InternalException;
use Aco\Native\InvalidArgumentException;
use Aco\Native\RuntimeException;
use PHPUnit\Framework\TestCase;

/**
 * The PHP API used in ways it cannot serve: each ends in an exception that says what to do, never
 * a caught panic (InternalException), lost results or Rust debug text.
 */
final class MisuseTest extends TestCase
{
    private static CatalogSchema $schema;

    public static function setUpBeforeClass(): void
    {
        self::$schema = SampleDatabase::generate(400);
    }

    /**
     * A background batch is mapped by a thread of the process that started it; a forked child has
     * no such thread, whatever the timing, so the batch is refused there and the parent keeps it.
     */
    public function test_a_background_batch_from_before_a_fork_is_refused_in_the_child_with_what_to_do(): void
    {
        $catalog = SampleDatabase::catalog(self::$schema);
        $chunk = (new ProductReader(self::$schema))->chunks(400)->current();
        $expected = $catalog->products($chunk)->hashes();
        $batch = $catalog->products($chunk, true);
        $report = tempnam(sys_get_temp_dir(), 'aco-fork');
        $pid = pcntl_fork();
        self::assertNotSame(-1, $pid);
        if ($pid === 0) {
            try {
                $batch->hashes();
                $outcome = 'no exception';
            } catch (\Throwable $e) {
                $outcome = get_class($e) . ': ' . $e->getMessage();
            }
            // the batch of a chunk mapped again in the child works
            $outcome .= "\n" . count($catalog->products($chunk, true)->hashes());
            file_put_contents($report, $outcome);
            posix_kill(getmypid(), SIGKILL);   // leave without PHPUnit's shutdown
        }
        pcntl_waitpid($pid, $status);
        [$refusal, $remapped] = explode("\n", (string) file_get_contents($report));
        unlink($report);
        self::assertStringStartsWith(RuntimeException::class . ': ', $refusal);
        self::assertStringNotContainsString(InternalException::class, $refusal);
        self::assertStringContainsString('pcntl_fork', $refusal);
        self::assertStringContainsString('map the chunk again in this process', $refusal);
        self::assertSame((string) count($expected), $remapped);
        self::assertSame($expected, $batch->hashes(), 'the parent still has its batch');
    }

    public function test_constructing_a_catalog_again_is_refused(): void
    {
        $built = SampleDatabase::context(self::$schema);
        $catalog = new \Aco\Native\Catalog($built['context'], $built['settings']);
        $this->expectException(RuntimeException::class);
        $this->expectExceptionMessage('already constructed');
        $catalog->__construct($built['context'], $built['settings']);
    }

    public function test_constructing_a_client_again_is_refused_and_its_items_still_settle(): void
    {
        $emulator = new Emulator();
        try {
            $config = $emulator->clientConfig();
            $client = new Client($config);
            $client->submit('products', ['p:1' => json_encode(['sku' => 'one', 'source' => ['locale' => 'en_US'],
                'name' => 'One', 'slug' => 'one', 'status' => 'ENABLED'], JSON_THROW_ON_ERROR)]);
            try {
                $client->__construct($config);
                self::fail('a second __construct is refused');
            } catch (RuntimeException $e) {
                self::assertNotInstanceOf(InternalException::class, $e);
                self::assertStringContainsString('already constructed', $e->getMessage());
                self::assertStringContainsString('new Aco\Native\Client', $e->getMessage());
            }
            $results = $client->wait(10000);
            self::assertCount(1, $results, 'the item in flight still settles on the same client');
            self::assertTrue($results[0]['accepted']);
        } finally {
            $emulator->stop();
        }
    }

    public function test_an_object_or_array_in_a_row_is_named_by_table_row_and_column(): void
    {
        $catalog = SampleDatabase::catalog(self::$schema);
        $chunk = (new ProductReader(self::$schema))->chunks(10)->current();
        foreach ([[new \DateTimeImmutable(), 'an object of class DateTimeImmutable'], [[1, 2], 'an array']] as [$cell, $named]) {
            $bad = $chunk;
            $bad['entities'][2][3] = $cell;
            try {
                $catalog->products($bad)->hashes();
                self::fail("$named in a row is refused");
            } catch (InvalidArgumentException $e) {
                self::assertStringContainsString('chunk.entities[2][3]: must be null, a boolean, a number or a string, not '
                    . $named, $e->getMessage());
                self::assertStringNotContainsString('Object(', $e->getMessage());
                self::assertStringNotContainsString('UTF-8', $e->getMessage());
            }
        }
    }
}
