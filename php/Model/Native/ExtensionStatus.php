<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Native;

/**
 * Whether the `aco` PHP extension this module drives is loaded, and whether its version is one this
 * module was written for. Every aco:* command (bin/aco and bin/magento) and the admin configuration
 * page say so in one line before anything else runs.
 */
final class ExtensionStatus
{
    /**
     * The one statement of the extension versions this module works with: this one and later ones with the
     * same API, as Composer's caret reads it (^0.1.0: 0.1.x from 0.1.0 on; ^1.2.0: 1.x from 1.2.0 on).
     */
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
            $version = phpversion('aco');
            return $version === false ? null : $version;
        };
    }

    public function loadedVersion(): ?string
    {
        return ($this->versionProvider)();
    }

    /**
     * Null when the extension is usable, else one line naming what is loaded, what is needed and what to do.
     */
    public function problem(): ?string
    {
        $version = $this->loadedVersion();
        $needed = sprintf('this module needs aco %s (%s or later)', self::range(self::REQUIRED_VERSION), self::REQUIRED_VERSION);
        if ($version === null) {
            return "The aco PHP extension is not loaded; $needed: install it (README, \"Install in a real Magento\") "
                . 'and load it with extension=aco for the CLI and the web server, then restart PHP.';
        }
        if (!self::isCompatible($version, self::REQUIRED_VERSION)) {
            return "The aco PHP extension $version is loaded; $needed: install the extension of this module's "
                . 'release (README, "Install in a real Magento"), then restart PHP.';
        }
        return null;
    }

    /** Caret semantics: not older than $required, and the same leftmost non-zero part (major, or minor in 0.x). */
    public static function isCompatible(string $version, string $required): bool
    {
        return version_compare($version, $required, '>=') && self::range($version) === self::range($required);
    }

    /** The versions that share $version's API: "1.x", or "0.3.x" before 1.0. */
    private static function range(string $version): string
    {
        $parts = explode('.', $version);
        return $parts[0] === '0' ? '0.' . ($parts[1] ?? '0') . '.x' : $parts[0] . '.x';
    }
}
