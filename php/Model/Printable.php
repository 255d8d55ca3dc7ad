<?php
declare(strict_types=1);

namespace Aco\Connector\Model;

/**
 * Text from outside (a SKU, a store's value, ACO's answer) made safe to print on a terminal or write
 * as a log line: one line, no control sequence. A newline in a SKU would forge a log-looking line, an
 * ESC or a C1 control would start an ANSI/OSC sequence (colours, window title, hyperlinks, cursor
 * moves), a bidi override would show text in another order than it is. Each is written as an escape
 * (`\n`, `\x1b`, `\u{202e}`); bytes that are not UTF-8 as `\xNN`. Every log line (LogRouter) and every
 * terminal line of the connector's commands that quotes such text (ServicesCommand::line) goes through line().
 */
final class Printable
{
    private const NAMED = ["\n" => '\n', "\r" => '\r', "\t" => '\t'];

    /**
     * A JSON document (a payload, as the extension writes it) made safe the same way and still valid:
     * C0 controls are escaped by any JSON encoder; C1 controls, bidi marks and line separators, which
     * JSON may hold raw, are written as `\uXXXX` (they occur only inside strings).
     */
    public static function json(string $json): string
    {
        return (string) preg_replace_callback('/[\x{80}-\x{9f}\x{200e}\x{200f}\x{2028}-\x{202e}\x{2066}-\x{2069}]/u',
            static fn (array $m): string => sprintf('\u%04x', mb_ord($m[0], 'UTF-8')), $json);
    }

    public static function line(string $text): string
    {
        if (!mb_check_encoding($text, 'UTF-8')) {
            // every byte but printable ASCII escaped: a control hidden in broken UTF-8 goes too
            return (string) preg_replace_callback('/[^\x20-\x7e]/', static fn (array $m): string => self::NAMED[$m[0]] ?? sprintf('\x%02x', ord($m[0])), $text);
        }
        // C0 and DEL, C1, bidi marks, overrides and isolates, line and paragraph separators
        return (string) preg_replace_callback('/[\x00-\x1f\x7f\x{80}-\x{9f}\x{200e}\x{200f}\x{2028}-\x{202e}\x{2066}-\x{2069}]/u',
            static fn (array $m): string => self::NAMED[$m[0]] ?? (strlen($m[0]) === 1 ? sprintf('\x%02x', ord($m[0])) : sprintf('\u{%x}', mb_ord($m[0], 'UTF-8'))), $text);
    }
}
