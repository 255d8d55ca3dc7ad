<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Extension;

use Aco\Connector\Test\Support\Extension;
use Aco\Native\ExceptionInterface;
use Aco\Native\InternalException;
use Aco\Native\InvalidArgumentException;
use Aco\Native\RuntimeException;
use PHPUnit\Framework\TestCase;

final class ExceptionsTest extends TestCase
{
    public function test_exception_classes_extend_the_spl_exceptions_and_share_a_marker_interface(): void
    {
        self::assertTrue(interface_exists(ExceptionInterface::class));
        self::assertSame(\InvalidArgumentException::class, get_parent_class(InvalidArgumentException::class));
        self::assertSame(\RuntimeException::class, get_parent_class(RuntimeException::class));
        foreach ([InternalException::class, \Aco\Native\AuthenticationException::class, \Aco\Native\TransportException::class] as $class) {
            self::assertSame(RuntimeException::class, get_parent_class($class), $class);
        }
        foreach ([InvalidArgumentException::class, RuntimeException::class, InternalException::class,
            \Aco\Native\AuthenticationException::class, \Aco\Native\TransportException::class] as $class) {
            self::assertContains(ExceptionInterface::class, class_implements($class), $class);
        }
    }

    public function test_a_rust_panic_becomes_an_internal_exception_with_the_callers_file_and_line(): void
    {
        try {
            \Aco\Native\selfTestPanic('boom from the test');
            self::fail('no exception');
        } catch (InternalException $e) {
            self::assertStringContainsString('boom from the test', $e->getMessage());
            self::assertStringContainsString('internal error in the aco extension', $e->getMessage());
            self::assertSame(__FILE__, $e->getFile());
            self::assertSame(__LINE__ - 6, $e->getLine());
        }
        // the extension stays usable after a caught panic
        self::assertSame(phpversion('aco'), \Aco\Native\version());
    }

    public function test_a_panic_is_catchable_as_a_plain_runtime_exception_and_prints_nothing(): void
    {
        $script = 'try { Aco\Native\selfTestPanic("x"); } catch (\RuntimeException $e) { echo get_class($e); }'
            . ' echo "|", Aco\Native\version();';
        $run = Extension::runPhp(['-r', $script]);
        self::assertSame(0, $run['status']);
        self::assertSame(InternalException::class . '|' . \Aco\Native\version(), $run['stdout']);
        self::assertSame('', $run['stderr'], 'the panic hook must not print backtraces into PHP output');
    }
}
