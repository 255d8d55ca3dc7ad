<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Support;

/**
 * Describes a PHP API (functions, classes, constants under a namespace) as plain data through
 * Reflection, so the extension and its stubs can be compared. Used in-process for the extension and
 * by tests/php/Support/describe-stubs.php in a process that loads only the stubs.
 */
final class ApiDescriber
{
    /**
     * @param list<string> $functions
     * @param list<string> $classes
     * @param array<string, mixed> $constants
     * @return array<string, mixed>
     */
    public static function describe(array $functions, array $classes, array $constants): array
    {
        $out = ['functions' => [], 'classes' => [], 'constants' => []];
        foreach ($functions as $name) {
            $f = new \ReflectionFunction($name);
            $out['functions'][$f->getName()] = self::signature($f);
        }
        foreach ($classes as $name) {
            $c = new \ReflectionClass($name);
            $methods = [];
            foreach ($c->getMethods() as $m) {
                if ($m->getDeclaringClass()->getName() !== $c->getName()) {
                    continue; // inherited from PHP's own classes
                }
                $methods[$m->getName()] = self::signature($m) + [
                    'static' => $m->isStatic(),
                    'visibility' => $m->isPublic() ? 'public' : ($m->isProtected() ? 'protected' : 'private'),
                ];
            }
            ksort($methods);
            $parent = $c->getParentClass();
            $interfaces = $c->getInterfaceNames();
            sort($interfaces);
            $out['classes'][$c->getName()] = [
                'kind' => $c->isInterface() ? 'interface' : ($c->isEnum() ? 'enum' : 'class'),
                'final' => $c->isFinal(),
                'abstract' => $c->isAbstract() && !$c->isInterface(),
                'parent' => $parent ? $parent->getName() : null,
                'interfaces' => $interfaces,
                'constants' => $c->getConstants(),
                'methods' => $methods,
            ];
        }
        $out['constants'] = $constants;
        ksort($out['functions']);
        ksort($out['classes']);
        ksort($out['constants']);
        return $out;
    }

    /** @return array<string, mixed> */
    private static function signature(\ReflectionFunctionAbstract $f): array
    {
        $params = [];
        foreach ($f->getParameters() as $p) {
            $params[] = [
                'name' => $p->getName(),
                'type' => self::type($p->getType()),
                'optional' => $p->isOptional(),
                'variadic' => $p->isVariadic(),
                'byRef' => $p->isPassedByReference(),
                // #[\SensitiveParameter] (PHP 8.2): its value is left out of exception traces
                'sensitive' => $p->getAttributes('SensitiveParameter') !== [],
            ];
        }
        return ['params' => $params, 'return' => self::type($f->getReturnType())];
    }

    private static function type(?\ReflectionType $type): ?string
    {
        if ($type === null) {
            return null;
        }
        $text = (string) $type;
        // `?int` and `int|null` are the same type; internal and userland reflection differ in spelling.
        if ($type->allowsNull() && $text !== 'mixed' && $text !== 'null' && !str_contains($text, 'null')) {
            $text = ltrim($text, '?') . '|null';
        }
        return $text;
    }
}
