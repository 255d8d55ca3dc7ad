<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Extension;

use Aco\Connector\Test\Support\ApiDescriber;
use Aco\Connector\Test\Support\Extension;
use PHPUnit\Framework\TestCase;

/**
 * stubs/aco.stub.php must declare exactly what the built extension exports: same functions, classes,
 * methods, parameters, types, parents, interfaces and constants. Any drift fails here.
 */
final class StubsMatchExtensionTest extends TestCase
{
    private const STUBS = __DIR__ . '/../../../stubs/aco.stub.php';
    private const PREFIX = 'Aco\\Native\\';

    public function test_stubs_declare_exactly_the_api_the_extension_exports(): void
    {
        $ext = new \ReflectionExtension('aco');
        $extension = ApiDescriber::describe(
            array_values(array_map(static fn (\ReflectionFunction $f): string => $f->getName(), $ext->getFunctions())),
            array_values($ext->getClassNames()),
            $ext->getConstants()
        );
        $stubs = $this->describeStubs();

        self::assertNotEmpty($extension['functions'], 'the extension exports no function at all');
        self::assertSame(
            json_encode($extension, JSON_PRETTY_PRINT),
            json_encode($stubs, JSON_PRETTY_PRINT),
            'stubs/aco.stub.php differs from the built extension (left: extension, right: stubs)'
        );
    }

    public function test_everything_the_extension_exports_lives_in_the_aco_native_namespace(): void
    {
        $ext = new \ReflectionExtension('aco');
        $names = array_merge(
            array_map(static fn (\ReflectionFunction $f): string => $f->getName(), $ext->getFunctions()),
            $ext->getClassNames(),
            array_keys($ext->getConstants())
        );
        foreach ($names as $name) {
            self::assertStringStartsWith(self::PREFIX, $name);
        }
    }

    public function test_every_stub_declaration_has_a_docblock(): void
    {
        $tokens = token_get_all((string) file_get_contents(self::STUBS));
        $lastDoc = null;
        $undocumented = [];
        foreach ($tokens as $i => $token) {
            if (!is_array($token)) {
                continue;
            }
            if ($token[0] === T_DOC_COMMENT) {
                $lastDoc = $i;
            } elseif (in_array($token[0], [T_FUNCTION, T_CLASS, T_INTERFACE, T_CONST], true)) {
                $name = $tokens[$i + 2][1] ?? '?';
                // only modifiers/whitespace may stand between the docblock and the declaration
                $between = array_slice($tokens, $lastDoc === null ? 0 : $lastDoc + 1, $i - ($lastDoc ?? 0) - 1);
                $clean = $lastDoc !== null && array_reduce($between, static fn (bool $ok, $t): bool =>
                    $ok && is_array($t) && in_array($t[0], [T_WHITESPACE, T_PUBLIC, T_STATIC, T_FINAL, T_ABSTRACT], true), true);
                if (!$clean) {
                    $undocumented[] = $name;
                }
                $lastDoc = null;
            }
        }
        self::assertSame([], $undocumented, 'stub declarations without a docblock');
    }

    /** @return array<string, mixed> */
    private function describeStubs(): array
    {
        $run = Extension::runPhp([__DIR__ . '/../Support/describe-stubs.php', self::STUBS, self::PREFIX], false);
        self::assertSame(0, $run['status'], 'describing the stubs failed: ' . $run['stderr']);
        $decoded = json_decode($run['stdout'], true);
        self::assertIsArray($decoded, 'describe-stubs printed no JSON: ' . $run['stdout']);
        return $decoded;
    }
}
