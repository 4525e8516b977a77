using System.CommandLine;
using Pv3d.Cli;

namespace Pv3d.Tests.Cli;

/// <summary>The library names settings; the CLI shows the flags that set them.</summary>
public class CliOptionsTests
{
    [Theory]
    [InlineData("TruncationCutoff", "--truncation-cutoff")]
    [InlineData("Frames", "--frames")]
    [InlineData("RenderingResolution", "--rendering-resolution")]
    public void AFlagIsTheSettingInKebabCase(string setting, string flag) => Assert.Equal(flag, CliOptions.Flag(setting));

    [Fact]
    public void MessagesShowTheFlagsThatSetTheNamedSettings()
    {
        var command = new Command("x");
        command.Options.Add(new Option<int>("--frames"));
        command.Options.Add(CliOptions.Out("folder").Sets("OutputDir"));
        command.Options.Add(new Option<string>("--preset").Sets("Setup"));
        command.Options.Add(new Option<string>("--config").Sets("Setup", "ConfigPath"));

        Assert.Equal("--frames must be at least 1, got 0",
            CliOptions.Describe(Pv3dException.ForSettings("Frames must be at least 1, got 0", "Frames"), command));
        Assert.Equal("--out must name a folder (FramesPerSecond is not a setting here)",
            CliOptions.Describe(Pv3dException.ForSettings("OutputDir must name a folder (FramesPerSecond is not a setting here)", "OutputDir"), command));
        Assert.Equal("ckpt: give the same --preset/--config as the run had",
            CliOptions.Describe(Pv3dException.ForSettings("ckpt: give the same Setup as the run had", "Setup"), command));
        // A setting the command has no flag for stays as the library wrote it; a plain error is untouched.
        Assert.Equal("Seeds is empty", CliOptions.Describe(Pv3dException.ForSettings("Seeds is empty", "Seeds"), command));
        Assert.Equal("x.ckpt: not found", CliOptions.Describe(new Pv3dException("x.ckpt: not found"), command));
    }

    [Fact]
    public void ASettingErrorMustNameItsSettings()
    {
        Assert.Throws<ArgumentException>(() => Pv3dException.ForSettings("must be positive", "Fps"));
        Assert.Equal(["Fps"], Pv3dException.ForSettings("Fps must be positive", "Fps").Settings);
    }

    [Fact]
    public void OutputAcceptsOutAndOutput()
    {
        var option = CliOptions.Out("folder");
        Assert.Equal("--out", option.Name);
        Assert.Contains("--output", option.Aliases);
    }
}
