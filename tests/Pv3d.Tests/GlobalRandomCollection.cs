namespace Pv3d.Tests;

/// <summary>
/// Tests that seed libtorch's global generator and compare the numbers drawn after it. The generator
/// is process-wide, so these run alone (after the parallel tests), where no other test draws from it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomCollection
{
    public const string Name = "Global random generator";
}
