namespace Pv3d.Distributed;

/// <summary>
/// What <see cref="WorkerLauncher"/> starts on this machine (torchrun's <c>--nproc_per_node</c>, <c>--nnodes</c>,
/// <c>--node_rank</c>, <c>--master_addr</c>, <c>--master_port</c>): <see cref="ProcessesPerNode"/> copies of
/// <see cref="Executable"/> <see cref="Arguments"/>, ranks NodeRank·ProcessesPerNode + i of Nodes·ProcessesPerNode.
/// </summary>
public sealed record LaunchOptions
{
    public required string Executable { get; init; }
    public required IReadOnlyList<string> Arguments { get; init; }
    public int ProcessesPerNode { get; init; } = 1;
    public int Nodes { get; init; } = 1;
    public int NodeRank { get; init; }
    public string MasterAddress { get; init; } = "127.0.0.1";
    /// <summary>The rendezvous port; 0 on a single machine picks a free one.</summary>
    public int MasterPort { get; init; }
    /// <summary>How long the survivors of a failed worker get to stop on their own (they notice within the run's timeout) before they are killed.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromMinutes(5);

    public int WorldSize => Nodes * ProcessesPerNode;

    public void Validate()
    {
        if (ProcessesPerNode < 1) throw Pv3dException.ForSettings($"ProcessesPerNode must be at least 1, got {ProcessesPerNode}", nameof(ProcessesPerNode));
        if (Nodes < 1) throw Pv3dException.ForSettings($"Nodes must be at least 1, got {Nodes}", nameof(Nodes));
        if (NodeRank < 0 || NodeRank >= Nodes)
            throw Pv3dException.ForSettings($"NodeRank {NodeRank} is outside 0..{Nodes - 1} (Nodes {Nodes})", nameof(NodeRank), nameof(Nodes));
        if (MasterPort < 0 || MasterPort > 65535) throw Pv3dException.ForSettings($"MasterPort {MasterPort} is outside 1..65535", nameof(MasterPort));
        if (MasterPort == 0 && Nodes > 1)
            throw Pv3dException.ForSettings("MasterPort must be given when several machines take part (every machine must use the same port)", nameof(MasterPort));
        if (string.IsNullOrWhiteSpace(MasterAddress)) throw Pv3dException.ForSettings("MasterAddress is empty", nameof(MasterAddress));
    }
}
