using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>
/// One abstract value of a body: an identity that locals, parameters and copies may share. Views keep
/// their parent so that a write through a view is a write to every value it was obtained from.
/// </summary>
internal sealed class TrackedValue
{
    public TrackedValue(int id, ValueKind kind, ISymbol? symbol, IOperation? origin, int parent, int depth, bool isMmSource, bool isPerEvaluation = false, bool isOlder = false)
    {
        Id = id;
        Kind = kind;
        Symbol = symbol;
        Origin = origin;
        Parent = parent;
        Depth = depth;
        IsMmSource = isMmSource;
        IsPerEvaluation = isPerEvaluation;
        IsOlder = isOlder;
    }

    public int Id { get; }

    public ValueKind Kind { get; }

    /// <summary>The parameter, the static member, or the member a view was obtained through.</summary>
    public ISymbol? Symbol { get; }

    /// <summary>The operation that produced an origin, view or null value (for messages and locations).</summary>
    public IOperation? Origin { get; }

    /// <summary>The value a view was obtained from, or <see cref="ValueTable.UnknownId"/>.</summary>
    public int Parent { get; }

    /// <summary>How many member steps separate a view from its root; bounded so loops cannot grow chains.</summary>
    public int Depth { get; }

    /// <summary>True when the value is a legal mm by construction (an <c>[MmSource]</c>, a <c>[RequiresMm]</c> parameter).</summary>
    public bool IsMmSource { get; }

    /// <summary>
    /// True when the value is keyed by the operation that made it (an allocation site, a call's result): no
    /// expression can reach it again except a variable holding it, since evaluating the site again makes a new one.
    /// </summary>
    public bool IsPerEvaluation { get; }

    /// <summary>True for <see cref="ValueTable.Older"/>'s summary of the objects a site made on earlier paths.</summary>
    public bool IsOlder { get; }
}
