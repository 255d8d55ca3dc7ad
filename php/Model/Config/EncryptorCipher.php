<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Config;

use Magento\Framework\Encryption\EncryptorInterface;

/**
 * Secrets encrypted with Magento's encryptor (the crypt key of app/etc/env.php).
 */
class EncryptorCipher implements SecretCipher
{
    private EncryptorInterface $encryptor;

    public function __construct(EncryptorInterface $encryptor)
    {
        $this->encryptor = $encryptor;
    }

    public function encrypt(#[\SensitiveParameter] string $plain): string
    {
        return $this->encryptor->encrypt($plain);
    }

    public function decrypt(string $stored): string
    {
        $plain = $this->encryptor->decrypt($stored);
        if ($plain === '' && $stored !== '') {
            throw new ConfigurationException('the stored client secret (aco/connection/client_secret) cannot be decrypted with this '
                . 'installation\'s key (crypt/key in app/etc/env.php): run aco:config:init again');
        }
        return $plain;
    }
}
