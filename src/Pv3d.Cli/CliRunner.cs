using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace Pv3d.Cli;

/// <summary>
/// Runs the parsed command. A <see cref="Pv3dException"/> is a user mistake: one line on stderr,
/// exit code 2. Anything else is a bug: full stack trace, exit code 1. A command line that does not parse is a user
/// mistake too: one line naming the option, the value and what is accepted, then where the help is; exit code 2.
/// </summary>
public static partial class CliRunner
{
    public const int UserErrorExitCode = 2;
    public const int BugExitCode = 1;

    public static int Invoke(RootCommand root, string[] args)
    {
        // Redirected output (a log file, a pipe) gets plain text: no colour or cursor escape codes.
        if (Console.IsOutputRedirected)
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(Console.Out),
            });
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        var parse = root.Parse(args);
        try
        {
            if (parse.Errors.Count > 0) return ReportParseErrors(parse);
            return parse.Invoke(config);
        }
        catch (Exception e) when (Unwrap(e) is Pv3dException user)
        {
            // The library names its settings; the user typed flags.
            Console.Error.WriteLine($"error: {CliOptions.Describe(user, parse.CommandResult.Command)}");
            return UserErrorExitCode;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"internal error (a bug in pv3d; please report it): {e}");
            return BugExitCode;
        }
    }

    /// <summary>The first parse error in words (no .NET type names), then where the help is.</summary>
    private static int ReportParseErrors(ParseResult parsed)
    {
        // An unknown word explains the other errors it causes ("required command was not provided"): report it first.
        var error = parsed.Errors.FirstOrDefault(e => Unrecognized().IsMatch(e.Message)) ?? parsed.Errors[0];
        Console.Error.WriteLine($"error: {Describe(error)}");
        Console.Error.WriteLine($"see {CommandPath(parsed.CommandResult)} --help");
        return UserErrorExitCode;
    }

    private static string Describe(ParseError error)
    {
        var match = CannotParse().Match(error.Message);
        if (match.Success)
        {
            var type = (error.SymbolResult as OptionResult)?.Option.ValueType ?? (error.SymbolResult as ArgumentResult)?.Argument.ValueType;
            return $"{match.Groups["option"].Value}: '{match.Groups["value"].Value}' is not {Accepted(type)}";
        }
        var unknown = Unrecognized().Match(error.Message);
        if (unknown.Success) return $"unknown command or option '{unknown.Groups["value"].Value}'";
        if (error.Message.StartsWith("Required command was not provided", StringComparison.Ordinal)) return "give a command";
        return TypeName().Replace(error.Message, m => Accepted(Type.GetType(m.Groups[1].Value)));
    }

    /// <summary>What values a type accepts, in words.</summary>
    private static string Accepted(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type is null) return "a valid value";
        if (type.IsEnum) return $"one of {string.Join(", ", Enum.GetNames(type))}";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(double) || type == typeof(float)) return "a number";
        if (type == typeof(bool)) return "true or false";
        return $"a {type.Name.ToLowerInvariant()}";
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Insert(0, c.Command is RootCommand ? "pv3d" : c.Command.Name);
        return string.Join(" ", names);
    }

    [GeneratedRegex(@"Cannot parse argument '(?<value>.*)' for option '(?<option>.*)' as expected type '(?<type>.*)'")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"Unrecognized command or argument '(?<value>.*)'")]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"'?(System\.[A-Za-z0-9_.`\[\]]+|Pv3d\.[A-Za-z0-9_.]+)'?")]
    private static partial Regex TypeName();

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerException: not null } || e is System.Reflection.TargetInvocationException { InnerException: not null })
            e = e.InnerException!;
        return e;
    }
}
