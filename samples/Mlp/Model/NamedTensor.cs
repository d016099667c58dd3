namespace Mlp.Model;

/// <summary>A float32 tensor on the host with its state-dict name and shape, as saved to and loaded from a file.</summary>
/// <param name="Name">The name, such as <c>fc1.weight</c>.</param>
/// <param name="Shape">The sizes of its dimensions, outermost first.</param>
/// <param name="Values">The elements, row-major.</param>
public sealed record NamedTensor(string Name, int[] Shape, float[] Values)
{
    /// <summary>The shape as PyTorch prints it, such as <c>[128, 784]</c>.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}

/// <summary>Where one named tensor lives in the network's flat parameter buffer.</summary>
/// <param name="Name">The state-dict name.</param>
/// <param name="Shape">The sizes of its dimensions, outermost first.</param>
/// <param name="Offset">The index of its first element in the flat buffer.</param>
public sealed record TensorSlot(string Name, int[] Shape, int Offset)
{
    /// <summary>The number of elements.</summary>
    public int Length => Shape.Aggregate(1, (a, b) => a * b);
}
