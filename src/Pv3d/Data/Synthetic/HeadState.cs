namespace Pv3d.Data.Synthetic;

/// <summary>The moving parts of a head at one instant: eyelid closure and mouth opening in [0, 1], nod in radians (a rotation about the x axis through the top of the neck).</summary>
public readonly record struct HeadState(float Blink, float MouthOpen, float Nod)
{
    public static HeadState Neutral => new(0, 0, 0);
}
