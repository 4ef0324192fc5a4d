namespace Pgt.Emulator.Kernel;

/// <summary>
/// Interns emulated call stacks as nodes of a tree, as the kernel's stack depot interns stack traces:
/// a stack is one <c>int</c>, so recording "who queued this, with which stack" costs nothing per step.
/// Node ids depend on the order stacks were first seen and never appear in reports.
/// </summary>
internal sealed class StackDepot
{
    public const int Empty = 0;

    private readonly Dictionary<FrameInfo, int> _frameIds = new();
    private readonly List<FrameInfo> _frames = new();
    private readonly Dictionary<long, int> _children = new();
    private readonly List<int> _parents = new() { -1 };
    private readonly List<int> _frameOfNode = new() { -1 };

    public int Push(int node, in FrameInfo frame)
    {
        if (!_frameIds.TryGetValue(frame, out var frameId))
        {
            frameId = _frames.Count;
            _frames.Add(frame);
            _frameIds.Add(frame, frameId);
        }

        var key = ((long)node << 32) | (uint)frameId;
        if (!_children.TryGetValue(key, out var child))
        {
            child = _parents.Count;
            _parents.Add(node);
            _frameOfNode.Add(frameId);
            _children.Add(key, child);
        }

        return child;
    }

    public int Parent(int node) => _parents[node];

    /// <summary>The frames of <paramref name="node"/>, innermost first.</summary>
    public IEnumerable<FrameInfo> Frames(int node)
    {
        for (var n = node; n > Empty; n = _parents[n])
        {
            yield return _frames[_frameOfNode[n]];
        }
    }

    public FrameInfo? Innermost(int node) => node > Empty ? _frames[_frameOfNode[node]] : null;
}
