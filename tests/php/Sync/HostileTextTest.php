<?php
declare(strict_types=1);

namespace Aco\Connector\Test\Sync;

use Aco\Connector\Model\LogRouter;
use Aco\Connector\Model\Printable;
use Aco\Connector\Test\Support\StandaloneCli;
use Aco\Connector\Tools\EmulatorProcess;
use PHPUnit\Framework\TestCase;

/**
 * Regression (issue 27): `aco:status --failed` printed SKUs raw, so a SKU holding a newline, an ANSI or
 * an OSC sequence forged log-looking lines or drove the terminal. Text from outside reaches a terminal
 * or a log only through Printable.
 */
final class HostileTextTest extends TestCase
{
    /** A newline and a forged log line, red, an OSC 8 hyperlink (ESC ] 8 … ST), Symfony's link markup: 54 bytes, a SKU fits 64. */
    private const SKU = "X\n[2026] aco.ERROR: f\e[31m\e]8;;//e.x\e\\<href=//e.x>l</>";
    private const ESCAPED = 'X\n[2026] aco.ERROR: f\x1b[31m\x1b]8;;//e.x\x1b\<href=//e.x>l</>';

    public function test_status_lists_a_failed_hostile_sku_escaped_on_its_own_line(): void
    {
        $pdo = StandaloneCli::freshCatalog(30);
        $aco = new EmulatorProcess();
        try {
            self::assertSame(0, StandaloneCli::init($aco)['status']);
            // two products with it: a duplicate SKU, refused and listed
            $pdo->prepare('UPDATE catalog_product_entity SET sku = ? WHERE entity_id IN (19, 20)')->execute([self::SKU]);
            StandaloneCli::run(['aco:sync', '--full', '--feed=products']);
            $failed = StandaloneCli::run(['aco:status', '--failed', '--feed=products']);
            self::assertSame(1, $failed['status'], $failed['stdout'] . $failed['stderr']);
            self::assertDoesNotMatchRegularExpression('/[\x00-\x09\x0b-\x1f\x7f]/', $failed['stdout'], 'no control character but the line ends');
            // the duplicate: product 20 refused before sending
            $listed = array_values(preg_grep('/^products /', explode("\n", $failed['stdout'])));
            self::assertCount(1, $listed, $failed['stdout']);
            foreach ($listed as $line) {
                self::assertMatchesRegularExpression('/^products product "' . preg_quote(self::ESCAPED, '/') . '"(, store view "\w+")?: refused before sending/', $line,
                    'the SKU as it is, escaped, its markup not read');
            }
            self::assertSame([], preg_grep('/^\[2026\]/', explode("\n", $failed['stdout'])), 'no forged line');
        } finally {
            $aco->stop();
        }
    }

    public function test_a_log_line_quoting_a_hostile_sku_stays_one_line_without_control_sequences(): void
    {
        $written = [];
        (new LogRouter(static function (string $level, string $message) use (&$written): void {
            $written[] = $message;
        }))->route([['level' => 'warning', 'target' => 'aco.mapping', 'message' => 'product ' . self::SKU . ' refused']]);
        self::assertSame(['product ' . self::ESCAPED . ' refused'], $written);
    }

    public function test_controls_bidi_overrides_and_broken_utf8_are_written_as_escapes(): void
    {
        self::assertSame('tab\t cr\r csi\u{9b}31m nel\u{85} rlo\u{202e}x ls\u{2028} é', Printable::line("tab\t cr\r csi\u{9b}31m nel\u{85} rlo\u{202e}x ls\u{2028} é"));
        self::assertSame('broken\xff\x1b[2J\xc3', Printable::line("broken\xff\e[2J\xc3"), 'not UTF-8: every byte outside printable ASCII');
        $payload = json_encode(['name' => "csi\u{9b}31m rlo\u{202e}x ls\u{2028} esc\e é"], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
        self::assertSame('{"name":"csi\\u009b31m rlo\\u202ex ls\\u2028 esc\\u001b é"}', Printable::json($payload), 'a payload (aco:sync --dry-run) stays valid JSON');
    }
}
