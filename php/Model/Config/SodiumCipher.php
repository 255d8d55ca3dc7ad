<?php
declare(strict_types=1);

namespace Aco\Connector\Model\Config;

/**
 * libsodium secretbox (XSalsa20-Poly1305) with a 32-byte key kept in a file only the owner can read
 * (created on first use), or given base64-encoded in ACO_ENCRYPTION_KEY.
 */
final class SodiumCipher implements SecretCipher
{
    private const PREFIX = 'sodium:1:';

    private string $key;

    public function __construct(string $key)
    {
        if (strlen($key) !== SODIUM_CRYPTO_SECRETBOX_KEYBYTES) {
            throw new \InvalidArgumentException('the encryption key must be 32 bytes');
        }
        $this->key = $key;
    }

    public static function fromEnvironmentOrFile(string $keyFile): self
    {
        $env = getenv('ACO_ENCRYPTION_KEY');
        if (is_string($env) && $env !== '') {
            return new self((string) base64_decode($env, true));
        }
        if (!is_file($keyFile)) {
            $dir = dirname($keyFile);
            if (!is_dir($dir) && !mkdir($dir, 0700, true) && !is_dir($dir)) {
                throw new \RuntimeException("cannot create $dir for the encryption key");
            }
            $old = umask(0077);
            file_put_contents($keyFile, base64_encode(sodium_crypto_secretbox_keygen()));
            umask($old);
        }
        return new self((string) base64_decode((string) file_get_contents($keyFile), true));
    }

    public function encrypt(string $plain): string
    {
        $nonce = random_bytes(SODIUM_CRYPTO_SECRETBOX_NONCEBYTES);
        return self::PREFIX . base64_encode($nonce . sodium_crypto_secretbox($plain, $nonce, $this->key));
    }

    public function decrypt(string $stored): string
    {
        if (!str_starts_with($stored, self::PREFIX)) {
            throw new \RuntimeException('the stored secret is not encrypted with this installation\'s key');
        }
        $raw = (string) base64_decode(substr($stored, strlen(self::PREFIX)), true);
        $nonce = substr($raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES);
        $plain = sodium_crypto_secretbox_open(substr($raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES), $nonce, $this->key);
        if ($plain === false) {
            throw new \RuntimeException('the stored secret cannot be decrypted with this installation\'s key');
        }
        return $plain;
    }
}
