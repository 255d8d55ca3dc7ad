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
    /** Where the key came from, for messages: the variable or the file to fix. */
    private string $source;

    public function __construct(string $key, string $source = 'the encryption key')
    {
        if (strlen($key) !== SODIUM_CRYPTO_SECRETBOX_KEYBYTES) {
            throw new ConfigurationException("$source must be 32 bytes, base64-encoded (e.g. head -c32 /dev/urandom | base64)");
        }
        $this->key = $key;
        $this->source = $source;
    }

    public static function fromEnvironmentOrFile(string $keyFile): self
    {
        $env = getenv('ACO_ENCRYPTION_KEY');
        if (is_string($env) && $env !== '') {
            return new self((string) base64_decode($env, true), 'ACO_ENCRYPTION_KEY');
        }
        if (!is_file($keyFile)) {
            $dir = dirname($keyFile);
            if (!is_dir($dir) && !@mkdir($dir, 0700, true) && !is_dir($dir)) {
                throw new ConfigurationException("cannot create $dir for the encryption key (or set ACO_ENCRYPTION_KEY)");
            }
            $old = umask(0077);
            file_put_contents($keyFile, base64_encode(sodium_crypto_secretbox_keygen()));
            umask($old);
        }
        return new self((string) base64_decode((string) file_get_contents($keyFile), true), $keyFile);
    }

    public function encrypt(#[\SensitiveParameter] string $plain): string
    {
        $nonce = random_bytes(SODIUM_CRYPTO_SECRETBOX_NONCEBYTES);
        return self::PREFIX . base64_encode($nonce . sodium_crypto_secretbox($plain, $nonce, $this->key));
    }

    public function decrypt(string $stored): string
    {
        $raw = str_starts_with($stored, self::PREFIX) ? base64_decode(substr($stored, strlen(self::PREFIX)), true) : false;
        $plain = false;
        if (is_string($raw) && strlen($raw) > SODIUM_CRYPTO_SECRETBOX_NONCEBYTES + SODIUM_CRYPTO_SECRETBOX_MACBYTES) {
            $nonce = substr($raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES);
            $plain = sodium_crypto_secretbox_open(substr($raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES), $nonce, $this->key);
        }
        if ($plain === false) {
            throw new ConfigurationException("the stored client secret (aco/connection/client_secret) cannot be decrypted with {$this->source}: "
                . 'set the key it was stored with, or run aco:config:init again');
        }
        return $plain;
    }
}
