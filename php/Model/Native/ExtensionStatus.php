<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Native;

/**
 * Whether the `aco` PHP extension this module drives is loaded, and whether its version is one this
 * module was written for. Shown by the CLI and the admin before anything tries to sync.
 */
final class ExtensionStatus
{
    /** Lowest extension version whose API this module uses (semver: same major, minor at least this). */
    public const REQUIRED_VERSION = '0.1.0';

    /** @var callable(): ?string */
    private $versionProvider;

    /**
     * @param callable(): ?string|null $versionProvider the loaded extension's version, or null when it
     *        is not loaded; defaults to asking PHP
     */
    public function __construct(?callable $versionProvider = null)
    {
        $this->versionProvider = $versionProvider ?? static function (): ?string {
            return extension_loaded('aco') ? \Aco\Native\version() : null;
        };
    }

    public function loadedVersion(): ?string
    {
        return ($this->versionProvider)();
    }

    /**
     * Null when the extension is usable, else a one-line reason a merchant can act on.
     */
    public function problem(): ?string
    {
        $version = $this->loadedVersion();
        if ($version === null) {
            return 'The aco PHP extension is not loaded: add "extension=/path/to/libaco_connector.so" to php.ini '
                . '(CLI and web) and restart PHP.';
        }
        if (!self::isCompatible($version, self::REQUIRED_VERSION)) {
            return sprintf(
                'The aco PHP extension %s is not compatible with this module (needs %s.x, at least %s).',
                $version,
                strtok(self::REQUIRED_VERSION, '.'),
                self::REQUIRED_VERSION
            );
        }
        return null;
    }

    /** Same major version and not older than $required. */
    public static function isCompatible(string $version, string $required): bool
    {
        $major = static fn (string $v): string => explode('.', $v)[0];
        return $major($version) === $major($required) && version_compare($version, $required, '>=');
    }
}
