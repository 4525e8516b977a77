using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Text;
using Pv3d.Checkpoints;
using Pv3d.Torch;

namespace Pv3d.Cli;

/// <summary>
/// Options every command spells the same way, and the link between a library setting and the flag that sets it.
/// The library names settings (<c>TruncationCutoff</c>); a flag is the setting in kebab case (<c>--truncation-cutoff</c>)
/// unless the command links it to another setting with <see cref="Sets{T}"/> (<c>--out</c> sets <c>OutputDir</c>).
/// </summary>
public static class CliOptions
{
    private static readonly ConditionalWeakTable<Option, string[]> LinkedSettings = new();

    /// <summary>The output flag, <c>--out</c>, with <c>--output</c> accepted as an alias.</summary>
    public static Option<string> Out(string description, bool required = true, string? defaultValue = null)
    {
        var option = new Option<string>("--out", "--output") { Description = description, Required = required };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>
    /// <c>--checkpoint</c> of the commands that run a generator: optional, the bundled model
    /// (<see cref="BundledModel"/>) when absent.
    /// </summary>
    public static Option<string?> Checkpoint(string what = "Generator checkpoint: official .ckpt, bare state dict (with --config) or our .safetensors") =>
        new("--checkpoint") { Description = $"{what} (default: the bundled model, {BundledModel.RelativePath})" };

    /// <summary>
    /// The checkpoint given with <paramref name="checkpoint"/>, or the bundled model (checked, and announced in one line
    /// on stderr so that a user who forgot the flag sees which model made the pictures).
    /// </summary>
    public static string CheckpointOrBundled(ParseResult parse, Option<string?> checkpoint)
    {
        if (parse.GetValue(checkpoint) is { } given) return given;
        var path = BundledModel.Resolve();
        Console.Error.WriteLine($"using the bundled model {BundledModel.Describe(path)} ({path}); pass --checkpoint for another");
        return path;
    }

    /// <summary><c>--threads</c>: libtorch's intra-op threads.</summary>
    public static Option<int?> Threads() => new("--threads") { Description = "Intra-op threads for libtorch (default: all cores)" };

    /// <summary>Applies <c>--threads</c> when given.</summary>
    public static void ApplyThreads(ParseResult parse, Option<int?> threads)
    {
        if (parse.GetValue(threads) is not { } n) return;
        if (n < 1) throw new Pv3dException($"--threads must be at least 1, got {n}");
        TorchRuntime.NumThreads = n;
    }

    /// <summary>Links <paramref name="option"/> to library settings whose names are not its own in another case.</summary>
    public static T Sets<T>(this T option, params string[] settings) where T : Option
    {
        LinkedSettings.AddOrUpdate(option, settings);
        return option;
    }

    /// <summary>
    /// The message of <paramref name="error"/> with every setting it names replaced by the flag(s) of
    /// <paramref name="command"/> that set it; settings without a flag stay as they are.
    /// </summary>
    public static string Describe(Pv3dException error, Command command)
    {
        var message = error.Message;
        foreach (var setting in error.Settings)
        {
            var flags = command.Options
                .Where(o => (LinkedSettings.TryGetValue(o, out var linked) && linked.Contains(setting)) || o.Name == Flag(setting))
                .Select(o => o.Name)
                .ToList();
            if (flags.Count > 0)
                message = System.Text.RegularExpressions.Regex.Replace(message, $@"\b{setting}\b", string.Join("/", flags));
        }
        return message;
    }

    /// <summary>The flag spelling of a setting: <c>TruncationCutoff</c> → <c>--truncation-cutoff</c>.</summary>
    public static string Flag(string setting)
    {
        var flag = new StringBuilder("--");
        for (var i = 0; i < setting.Length; i++)
        {
            if (char.IsUpper(setting[i]) && i > 0) flag.Append('-');
            flag.Append(char.ToLowerInvariant(setting[i]));
        }
        return flag.ToString();
    }
}
