using System.Globalization;

namespace Pv3d.Distributed;

/// <summary>
/// Where this process sits in a multi-process run, in torchrun's terms: <see cref="Rank"/> of
/// <see cref="WorldSize"/> processes, <see cref="LocalRank"/> on its machine, and the rendezvous at
/// <see cref="MasterAddress"/>:<see cref="MasterPort"/> (a TCPStore served by rank 0). With <see cref="StoreFile"/>
/// the ranks meet through a FileStore on that path instead (one machine or a shared file system).
/// </summary>
public sealed record DistributedOptions
{
    public int Rank { get; init; }
    public int WorldSize { get; init; } = 1;
    public int LocalRank { get; init; }
    public string MasterAddress { get; init; } = "127.0.0.1";
    public int MasterPort { get; init; } = 29500;
    /// <summary>Bounds the rendezvous and every collective: a rank that dies or hangs stops the others after this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>A FileStore path used instead of the TCPStore (tests, shared file systems).</summary>
    public string? StoreFile { get; init; }
    /// <summary>The network interface Gloo binds to (torch's <c>GLOO_SOCKET_IFNAME</c>); default: the address of the host name.</summary>
    public string? NetworkInterface { get; init; }

    /// <summary>torchrun's variable names.</summary>
    public const string RankVariable = "RANK", WorldSizeVariable = "WORLD_SIZE", LocalRankVariable = "LOCAL_RANK",
        MasterAddressVariable = "MASTER_ADDR", MasterPortVariable = "MASTER_PORT", InterfaceVariable = "GLOO_SOCKET_IFNAME";

    /// <summary>
    /// The options torchrun (or <c>pv3d train --nproc</c>) passes through the environment, or null when
    /// <c>WORLD_SIZE</c> is not set (a single-process run). <c>RANK</c> is then required; <c>LOCAL_RANK</c> defaults
    /// to <c>RANK</c>, <c>MASTER_ADDR</c> to 127.0.0.1 and <c>MASTER_PORT</c> to 29500.
    /// </summary>
    public static DistributedOptions? FromEnvironment(Func<string, string?>? getVariable = null, TimeSpan? timeout = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var worldText = getVariable(WorldSizeVariable);
        if (string.IsNullOrWhiteSpace(worldText)) return null;
        var world = ParseInt(WorldSizeVariable, worldText);
        var rankText = getVariable(RankVariable);
        if (string.IsNullOrWhiteSpace(rankText))
            throw new Pv3dException($"distributed: {WorldSizeVariable} is set but {RankVariable} is not (set both, as torchrun does)");
        var rank = ParseInt(RankVariable, rankText);
        var localText = getVariable(LocalRankVariable);
        var options = new DistributedOptions
        {
            Rank = rank,
            WorldSize = world,
            LocalRank = string.IsNullOrWhiteSpace(localText) ? rank : ParseInt(LocalRankVariable, localText),
            MasterAddress = getVariable(MasterAddressVariable) is { Length: > 0 } address ? address : "127.0.0.1",
            MasterPort = getVariable(MasterPortVariable) is { Length: > 0 } port ? ParseInt(MasterPortVariable, port) : 29500,
            NetworkInterface = getVariable(InterfaceVariable) is { Length: > 0 } iface ? iface : null,
        };
        if (timeout is { } t) options = options with { Timeout = t };
        options.Validate();
        return options;
    }

    /// <summary>Refuses impossible combinations with a message naming the setting.</summary>
    public void Validate()
    {
        if (WorldSize < 1) throw Pv3dException.ForSettings($"distributed: WorldSize must be at least 1 (got {WorldSize})", nameof(WorldSize));
        if (Rank < 0 || Rank >= WorldSize)
            throw Pv3dException.ForSettings($"distributed: Rank {Rank} is outside 0..{WorldSize - 1} (WorldSize {WorldSize})", nameof(Rank), nameof(WorldSize));
        if (LocalRank < 0) throw Pv3dException.ForSettings($"distributed: LocalRank must not be negative (got {LocalRank})", nameof(LocalRank));
        if (MasterPort < 1 || MasterPort > 65535)
            throw Pv3dException.ForSettings($"distributed: MasterPort {MasterPort} is outside 1..65535", nameof(MasterPort));
        if (string.IsNullOrWhiteSpace(MasterAddress) && StoreFile is null)
            throw Pv3dException.ForSettings("distributed: MasterAddress is empty", nameof(MasterAddress));
        if (Timeout <= TimeSpan.Zero) throw Pv3dException.ForSettings("distributed: Timeout must be positive", nameof(Timeout));
    }

    private static int ParseInt(string variable, string text) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new Pv3dException($"distributed: the environment variable {variable}='{text}' is not an integer");
}
