namespace Pv3d.Faces.Detection;

/// <summary>A detected face: its box in pixels of the image it was found in (x, y = top-left corner) and the score.</summary>
public sealed record FaceBox(double X, double Y, double Width, double Height, double Score)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;
    public double Area => Math.Max(Width, 0) * Math.Max(Height, 0);

    /// <summary>Intersection over union with another box (0 when either is empty).</summary>
    public double Iou(FaceBox other)
    {
        if (Area <= 0 || other.Area <= 0) return 0;
        var w = Math.Max(Math.Min(Right, other.Right) - Math.Max(X, other.X), 0);
        var h = Math.Max(Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y), 0);
        var inter = w * h;
        return inter / (Area + other.Area - inter);
    }
}
