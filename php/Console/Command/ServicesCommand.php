<?php
declare(strict_types=1);

namespace Aco\Connector\Console\Command;

use Aco\Connector\Model\Native\ExtensionStatus;
use Aco\Connector\Model\Printable;
use Aco\Connector\Model\ServicesProvider;
use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Exception\ExceptionInterface as Refusal;
use Symfony\Component\Console\Formatter\OutputFormatter;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\ConsoleOutputInterface;
use Symfony\Component\Console\Output\OutputInterface;

/**
 * An `aco:*` command: works through the services of its host (Magento's DI or bin/aco's standalone
 * environment), which it is given and nothing else. Whatever goes wrong ends in one line and the
 * README's exit code, never in an exception box with the usage text; so does a missing or mismatched
 * aco extension, before the command does anything.
 */
abstract class ServicesCommand extends Command
{
    /**
     * The exit codes the README promises. Not Command::SUCCESS/FAILURE/INVALID: Magento 2.4.4-2.4.6 ship
     * symfony/console 4.4, which has none of them (SUCCESS/FAILURE came in 5.1, INVALID in 5.3).
     */
    public const EXIT_OK = 0;
    public const EXIT_FAILED = 1;
    public const EXIT_INVALID = 2;

    protected ServicesProvider $services;

    private ExtensionStatus $extension;

    /** @param ExtensionStatus|null $extension the extension check; defaults to the loaded extension's */
    public function __construct(ServicesProvider $services, ?ExtensionStatus $extension = null)
    {
        $this->services = $services;
        $this->extension = $extension ?? new ExtensionStatus();
        parent::__construct();
    }

    /**
     * A missing or mismatched aco extension is one line and exit 1, before anything else. What Symfony
     * refuses while reading this command's options (an unknown option, a word where none is expected)
     * is one line on stderr and exit 2 in any host. bin/magento's application would print
     * Symfony's message in a box, quoting what was typed, and that may be a secret (UsageLine).
     */
    public function run(InputInterface $input, OutputInterface $output): int
    {
        // before the arguments: a command missing one still says first that it cannot work at all
        $problem = $this->extension->problem();
        if ($problem !== null) {
            self::error($output, $problem);
            return self::EXIT_FAILED;
        }
        try {
            return parent::run($input, $output);
        } catch (Refusal $e) {
            $errors = $output instanceof ConsoleOutputInterface ? $output->getErrorOutput() : $output;
            $errors->writeln(OutputFormatter::escape(UsageLine::of($e, $this->getApplication())));
            return self::EXIT_INVALID;
        }
    }

    /** The command's work; may throw InvalidOption (exit 2) or a runtime failure (exit 1). */
    abstract protected function handle(InputInterface $input, OutputInterface $output): int;

    final protected function execute(InputInterface $input, OutputInterface $output): int
    {
        try {
            return $this->handle($input, $output);
        } catch (InvalidOption $e) {
            self::error($output, $e->getMessage());
            return self::EXIT_INVALID;
        } catch (\PDOException $e) {
            self::error($output, 'database: ' . $e->getMessage());
            return self::EXIT_FAILED;
        } catch (\RuntimeException | \Aco\Native\ExceptionInterface $e) {
            // the environment (database, key, stored settings) or the extension: nothing to fix in the arguments
            self::error($output, $e->getMessage());
            return self::EXIT_FAILED;
        }
    }

    /** One line, whatever the message holds (a driver's or the extension's text may span several). */
    protected static function error(OutputInterface $output, string $message): void
    {
        self::line($output, trim((string) preg_replace('/\s+/', ' ', $message)), 'error');
    }

    /**
     * A line quoting text from outside (SKUs, store values, ACO's answers), printed as it is: no control
     * sequence reaches the terminal (Printable) and no `<tag>` is read as Symfony's markup (`<href=…>`
     * writes an OSC 8 hyperlink).
     */
    protected static function line(OutputInterface $output, string $text, ?string $style = null): void
    {
        $text = self::quoted($text);
        $output->writeln($style === null ? $text : "<$style>$text</$style>");
    }

    /** Text from outside as a part of a line, escaped as line() escapes it. */
    protected static function quoted(string $text): string
    {
        $text = Printable::line($text);
        // Symfony Console 5.4 (Debian 12's; Magento before 2.4.7) leaves a < or > after a backslash unescaped, and its
        // formatter then reads that backslash as the escape and drops it: one more keeps it. 6.4 escapes every one.
        if (OutputFormatter::escape('\\<') === '\\<') {
            $text = (string) preg_replace('/(?<=\\\\)([<>])/', '\\\\$1', $text);
        }
        return OutputFormatter::escape($text);
    }
}
