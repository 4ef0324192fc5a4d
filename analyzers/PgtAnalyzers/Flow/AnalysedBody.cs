using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>
/// One body (method, lambda or local function) of a <see cref="RootAnalysis"/>: the events of its final pass,
/// or why it was given up on (then it has no events, as it reports nothing).
/// </summary>
internal sealed class AnalysedBody
{
    private static readonly IReadOnlyList<object> NoEvents = new object[0];

    private AnalysedBody(IMethodSymbol? method, AnalysedBody? enclosing, NoMmContext? declaredNoMm, IReadOnlyList<object> events, GiveUpReason? gaveUp)
    {
        Method = method;
        Enclosing = enclosing;
        DeclaredNoMm = declaredNoMm;
        Events = events;
        GaveUp = gaveUp;
    }

    public IMethodSymbol? Method { get; }

    /// <summary>The body this one is nested in; null for the outermost.</summary>
    public AnalysedBody? Enclosing { get; }

    /// <summary>
    /// What this body itself says about running without an mm: its own <c>[NoMm]</c>, or, for a nested body,
    /// being passed to a <c>[NoMm]</c> parameter in the enclosing body. Without it the enclosing body's
    /// context applies, and for the outermost body a method group passed to <c>[NoMm]</c> elsewhere in the
    /// document (found only by the rule that needs it: <see cref="MethodGroupPassedToNoMm"/>).
    /// </summary>
    public NoMmContext? DeclaredNoMm { get; }

    /// <summary>The final pass's events, in order (see <see cref="BodyContext.Events"/>).</summary>
    public IReadOnlyList<object> Events { get; }

    /// <summary>Set when the body was over the <see cref="AnalysisBudget"/> or the stack ran short.</summary>
    public GiveUpReason? GaveUp { get; }

    public static AnalysedBody Completed(IMethodSymbol? method, AnalysedBody? enclosing, NoMmContext? declaredNoMm, IReadOnlyList<object> events) =>
        new(method, enclosing, declaredNoMm, events, gaveUp: null);

    public static AnalysedBody GivenUp(GiveUpReason reason) => new(method: null, enclosing: null, declaredNoMm: null, NoEvents, reason);
}
