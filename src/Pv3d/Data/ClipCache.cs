using Pv3d.Video;

namespace Pv3d.Data;

/// <summary>Decoded clips kept in memory up to a byte budget, least recently used dropped first. Thread-safe.</summary>
public sealed class ClipCache
{
    private readonly long _budget;
    private readonly Dictionary<string, LinkedListNode<(string Key, RgbFrames Frames)>> _nodes = new();
    private readonly LinkedList<(string Key, RgbFrames Frames)> _order = new();
    private readonly object _lock = new();
    private long _bytes;

    public ClipCache(long budgetBytes) => _budget = budgetBytes;

    public long Bytes { get { lock (_lock) return _bytes; } }
    public int Count { get { lock (_lock) return _nodes.Count; } }
    public long Hits { get; private set; }
    public long Misses { get; private set; }

    /// <summary>The cached frames of <paramref name="key"/>, or those <paramref name="load"/> returns (cached if they fit).</summary>
    public RgbFrames GetOrLoad(string key, Func<RgbFrames> load)
    {
        lock (_lock)
        {
            if (_nodes.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                Hits++;
                return node.Value.Frames;
            }
            Misses++;
        }
        var frames = load();
        lock (_lock)
        {
            if (frames.Data.LongLength > _budget || _nodes.ContainsKey(key)) return frames;
            while (_bytes + frames.Data.LongLength > _budget && _order.Last is { } last)
            {
                _order.RemoveLast();
                _nodes.Remove(last.Value.Key);
                _bytes -= last.Value.Frames.Data.LongLength;
            }
            _nodes[key] = _order.AddFirst((key, frames));
            _bytes += frames.Data.LongLength;
        }
        return frames;
    }
}
