<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Config;

/**
 * Encrypts secrets at rest. Magento: its encryptor (app/etc/env.php key); standalone: libsodium.
 */
interface SecretCipher
{
    public function encrypt(#[\SensitiveParameter] string $plain): string;

    /** @throws \RuntimeException when the value was not encrypted with this key */
    public function decrypt(string $stored): string;
}
