<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Config;

use Magento\Config\Model\Config\Structure\ElementVisibilityInterface;

/**
 * Settings declared in etc/adminhtml/system.xml (so config:set accepts and locks them) that the admin
 * form does not show: the connection, which aco:config:init tests before storing it (and for a new
 * destination clears the record of what was sent), and enforce_limits (off only for the local
 * emulator). Hidden, not out of the default scope: a field without showInDefault is saved per website
 * in single-store mode, where the connector never reads it.
 */
class HiddenSettings implements ElementVisibilityInterface
{
    /** Group or field paths of the system.xml structure, hidden with all they hold. */
    public const PATHS = ['aco/connection', 'aco/sync/enforce_limits'];

    public function isHidden($path)
    {
        foreach (self::PATHS as $hidden) {
            if ($path === $hidden || str_starts_with((string) $path, "$hidden/")) {
                return true;
            }
        }
        return false;
    }

    public function isDisabled($path)
    {
        return false;
    }
}
