<?php
declare(strict_types=1);

namespace Aco\Connector\MagentoTest\Support;

use PHPUnit\Framework\Assert;

/**
 * Magento's storefront and admin served by PHP's built-in server (Magento's phpserver/router.php) on a
 * free loopback port, with the extension loaded; Magento's base URLs pointed at it.
 */
final class AdminServer
{
    /** @var resource */
    private $process;
    private string $url;

    public function __construct()
    {
        $port = Browser::freePort();
        $this->url = "http://127.0.0.1:$port/";
        Magento::mustRun('config:set', 'web/unsecure/base_url', $this->url);
        Magento::mustRun('config:set', 'web/secure/base_url', $this->url);
        // the tests open admin pages by their paths, as a bookmark does: no secret key in admin URLs
        Magento::mustRun('config:set', 'admin/security/use_form_key', '0');   // "Add Secret Key to URLs": No
        Magento::mustRun('cache:flush');
        $env = getenv() + ['PHP_CLI_SERVER_WORKERS' => '4'];
        // its own process group (setsid): stop() ends the server's workers with it
        $this->process = proc_open(['setsid', PHP_BINARY, '-d', 'extension=' . getenv('ACO_EXTENSION_SO'), '-d', 'memory_limit=2G',
            '-S', "127.0.0.1:$port", '-t', 'pub/', 'phpserver/router.php'],
            [1 => ['file', '/dev/null', 'w'], 2 => ['file', Magento::root() . '/var/log/php-server.log', 'a']], $pipes, Magento::root(), $env);
        Assert::assertIsResource($this->process);
        $deadline = microtime(true) + 60;
        while (@fsockopen('127.0.0.1', $port) === false) {
            Assert::assertLessThan($deadline, microtime(true), 'PHP\'s built-in server did not start');
            usleep(100_000);
        }
    }

    /**
     * An admin page. Through index.php, as the store links it (installed without URL rewrites): the
     * admin session cookie's path is /index.php/admin, so /admin/… would land on the login page.
     */
    public function admin(string $path = ''): string
    {
        return $this->url . 'index.php/admin/' . ltrim($path, '/');
    }

    /** Logs $browser in as the suite's admin, on the dashboard once done. */
    public function logIn(Browser $browser): void
    {
        $browser->open($this->admin());
        $browser->type('#username', 'admin');
        $browser->type('#login', (string) getenv('MAGENTO_ADMIN_PASSWORD'));
        $browser->click('.action-login');
        $browser->waitForText('Dashboard', 'login');
    }

    public function stop(): void
    {
        if (is_resource($this->process)) {
            posix_kill(-proc_get_status($this->process)['pid'], SIGTERM);
            proc_close($this->process);
        }
    }

    public function __destruct()
    {
        $this->stop();
    }
}
