using Pv3d.CheckpointWriter;

// Usage: Pv3d.CheckpointWriter PATH — saves numbered checkpoints to PATH forever, printing "writing N" before and "saved N" after each.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Pv3d.CheckpointWriter PATH");
    return 2;
}
using var state = new NumberedState();
for (long n = 1; ; n++)
{
    Console.WriteLine($"writing {n}");
    Console.Out.Flush();
    state.Save(args[0], n);
    Console.WriteLine($"saved {n}");
    Console.Out.Flush();
}
