using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>
/// One body (method, lambda or local function) of a <see cref="RootAnalysis"/>: the events of its final pass,
/// or why it was given up on (then it has no events, as it reports nothing).
/// </summary>
internal sealed class BodyResult
{
    private static readonly IReadOnlyList<FlowEvent> NoEvents = new FlowEvent[0];

    private static readonly IReadOnlyList<KeyValuePair<OverlayKey, LiveFact>> NoneLive = new KeyValuePair<OverlayKey, LiveFact>[0];

    private BodyResult(IMethodSymbol? method, BodyResult? enclosing, NoMmContext? declaredNoMm, IReadOnlyList<FlowEvent> events, GiveUpReason? gaveUp, IReadOnlyList<GiveUpReason>? summariesGaveUp = null, IReadOnlyList<KeyValuePair<OverlayKey, LiveFact>>? liveAtExit = null)
    {
        LiveAtExit = liveAtExit ?? NoneLive;
        SummariesGaveUp = summariesGaveUp ?? System.Array.Empty<GiveUpReason>();
        Method = method;
        Enclosing = enclosing;
        DeclaredNoMm = declaredNoMm;
        Events = events;
        GaveUp = gaveUp;
    }

    public IMethodSymbol? Method { get; }

    /// <summary>The body this one is nested in; null for the outermost.</summary>
    public BodyResult? Enclosing { get; }

    /// <summary>
    /// What this body itself says about running without an mm: its own <c>[NoMm]</c>, or, for a nested body,
    /// being passed to a <c>[NoMm]</c> parameter in the enclosing body. Without it the enclosing body's
    /// context applies, and for the outermost body a method group passed to <c>[NoMm]</c> elsewhere in the
    /// document (found only by the rule that needs it: <see cref="MethodGroupPassedToNoMm"/>).
    /// </summary>
    public NoMmContext? DeclaredNoMm { get; }

    /// <summary>The final pass's events, in order (see <see cref="BodyWorkspace.Events"/>).</summary>
    public IReadOnlyList<FlowEvent> Events { get; }

    /// <summary>Set when the body was over the <see cref="AnalysisBudget"/> or the stack ran short.</summary>
    public GiveUpReason? GaveUp { get; }

    /// <summary>For each callee whose inferred summary a cap cut short, the cap (the body itself completed).</summary>
    public IReadOnlyList<GiveUpReason> SummariesGaveUp { get; }

    /// <summary>The overlay members live when the body returns normally (what it may leave claimed for the hierarchy).</summary>
    public IReadOnlyList<KeyValuePair<OverlayKey, LiveFact>> LiveAtExit { get; }

    public static BodyResult Completed(IMethodSymbol? method, BodyResult? enclosing, NoMmContext? declaredNoMm, IReadOnlyList<FlowEvent> events, IReadOnlyList<GiveUpReason>? summariesGaveUp = null, IReadOnlyList<KeyValuePair<OverlayKey, LiveFact>>? liveAtExit = null) =>
        new(method, enclosing, declaredNoMm, events, gaveUp: null, summariesGaveUp, liveAtExit);

    public static BodyResult GivenUp(GiveUpReason reason) => new(method: null, enclosing: null, declaredNoMm: null, NoEvents, reason);
}
