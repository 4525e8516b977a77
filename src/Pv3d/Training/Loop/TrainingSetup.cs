using Pv3d.Config;
using Pv3d.Networks.Discriminators;

namespace Pv3d.Training.Loop;

/// <summary>
/// Everything that defines a run's networks and update rule: the generator (<see cref="ModelConfig"/>),
/// both discriminators, the training settings (schedules, loss weights, Adam) and the training frame size.
/// </summary>
public sealed record TrainingSetup
{
    public required ModelConfig Model { get; init; }
    public required DiscriminatorConfig Discriminators { get; init; }
    public required TrainingConfig Training { get; init; }

    /// <summary>Points per row of the density regulariser (official 1000).</summary>
    public int DensityRegPoints { get; init; } = DensityRegularizer.DefaultPointCount;

    /// <summary>Videos per update (official <c>training.batch_size</c>).</summary>
    public int BatchSize => Training.Schedule.BatchSize;

    /// <summary>Side of the real frames shown to the discriminators: the generator's output resolution.</summary>
    public int ImageResolution => (int)Model.Generator.ImgResolution;

    /// <summary>
    /// The generator and both discriminators in one official-layout config tree (JSON): what
    /// <c>pv3d generate</c>, <c>pv3d forward</c> and <c>--init</c> read from a training checkpoint.
    /// </summary>
    public string NetworksConfigJson()
    {
        var tree = Model.ToOfficialTree();
        ConfigTree.MergeInto(tree, Discriminators.ToOfficialTree());
        return ConfigJson.Write(tree, indented: true);
    }

    public void Validate()
    {
        var g = Model.Generator;
        foreach (var (name, d) in new[] { ("image", Discriminators.Image), ("video", Discriminators.Video) })
            if (d.ImgResolution != g.ImgResolution)
                throw new Pv3dException($"the {name} discriminator reads {d.ImgResolution}² frames but the generator makes {g.ImgResolution}²");
        if (BatchSize < 1) throw new Pv3dException($"training.batch_size must be at least 1, got {BatchSize}");
    }
}
