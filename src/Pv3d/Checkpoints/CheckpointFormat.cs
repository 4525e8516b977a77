namespace Pv3d.Checkpoints;

/// <summary>The kinds of file a generator can be loaded from.</summary>
public enum CheckpointFormat
{
    /// <summary>The official torch.save dict (<c>model</c> → <c>generator.*</c>, <c>generator_ema.*</c>, ...; <c>config</c>).</summary>
    Official,

    /// <summary>A torch.save file holding only a state dict (official <c>model_final.pth</c> or a bare generator); needs a config file.</summary>
    BareStateDict,

    /// <summary>Our safetensors file: the generator's state dict, its config as JSON in the metadata.</summary>
    SafeTensors,
}

/// <summary>Which of the two generators of an official checkpoint to take.</summary>
public static class GeneratorNetworks
{
    public const string Ema = "generator_ema";
    public const string Trained = "generator";

    public static string Check(string network) =>
        network is Ema or Trained
            ? network
            : throw new Pv3dException($"unknown network '{network}': choose {Ema} (the averaged weights used for inference) or {Trained}");
}
