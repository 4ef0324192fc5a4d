namespace PgtAnalyzers.Flow;

/// <summary>
/// One relevant use met by the final pass of a body's analysis, recorded in order and replayed to each rule's
/// hook (<see cref="FlowRuleAnalyzer"/>). The kinds are closed: <see cref="WriteEvent"/>,
/// <see cref="DeferredFreeEvent"/>, <see cref="OverlayAccessEvent"/> and <see cref="MmArgumentEvent"/>.
/// </summary>
internal abstract class FlowEvent
{
    private protected FlowEvent()
    {
    }
}
