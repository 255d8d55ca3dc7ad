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
 * The version of the loaded `aco` extension.
 *
 * @return string semantic version, e.g. "0.1.0"
 */
function version(): string
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
