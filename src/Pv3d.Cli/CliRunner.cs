using System.CommandLine;
using Spectre.Console;

namespace Pv3d.Cli;

/// <summary>
/// Runs the parsed command. A <see cref="Pv3dException"/> is a user mistake: one line on stderr,
/// exit code 2. Anything else is a bug: full stack trace, exit code 1.
/// </summary>
public static class CliRunner
{
    public const int UserErrorExitCode = 2;
    public const int BugExitCode = 1;

    public static int Invoke(RootCommand root, string[] args)
    {
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        var parse = root.Parse(args);
        try
        {
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

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerException: not null } || e is System.Reflection.TargetInvocationException { InnerException: not null })
            e = e.InnerException!;
        return e;
    }
}
