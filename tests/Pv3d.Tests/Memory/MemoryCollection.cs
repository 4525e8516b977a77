namespace Pv3d.Tests.Memory;

/// <summary>Memory measurements run alone: other tests allocating at the same time would blur them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryCollection
{
    public const string Name = "Memory";
}
