namespace Pgt.Emulator.Kernel;

/// <summary>
/// Interns emulated call stacks as nodes of a tree, as the kernel's stack depot interns stack traces:
/// a stack is one <c>int</c>, so recording "who queued this, with which stack" costs nothing per step.
/// Node ids depend on the order stacks were first seen and never appear in reports.
/// </summary>
internal sealed class StackDepot
{
    public const int Empty = 0;

    private readonly Dictionary<FrameInfo, int> frameIds = new();
    private readonly List<FrameInfo> frames = new();
    private readonly Dictionary<long, int> children = new();
    private readonly List<int> parents = new() { -1 };
    private readonly List<int> frameOfNode = new() { -1 };

    public int Push(int node, in FrameInfo frame)
    {
        if (!frameIds.TryGetValue(frame, out var frameId))
        {
            frameId = frames.Count;
            frames.Add(frame);
            frameIds.Add(frame, frameId);
        }

        var key = ((long)node << 32) | (uint)frameId;
        if (!children.TryGetValue(key, out var child))
        {
            child = parents.Count;
            parents.Add(node);
            frameOfNode.Add(frameId);
            children.Add(key, child);
        }

        return child;
    }

    public int Parent(int node) => parents[node];

    /// <summary>The frames of <paramref name="node"/>, innermost first.</summary>
    public IEnumerable<FrameInfo> Frames(int node)
    {
        for (var n = node; n > Empty; n = parents[n])
        {
            yield return frames[frameOfNode[n]];
        }
    }

    public FrameInfo? Innermost(int node) => node > Empty ? frames[frameOfNode[node]] : null;
}
