using Pv3d.Video;

namespace Pv3d.Applications.Generation;

/// <summary>Everything rendered for one seed, before it is written.</summary>
public sealed record SeedFrames(long Seed, RgbFrames Video, RgbFrames Depth, RgbFrames? GridVideo, RgbFrames? GridImage);
