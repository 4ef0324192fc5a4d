using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>Something written through a value: an element, a field, a <c>[Writes]</c> argument, a <c>ref</c>.</summary>
internal sealed class WriteEvent : FlowEvent
{
    public WriteEvent(IOperation target, string writtenText, DeferredFact? deferred, Certainty certainty)
    {
        Target = target;
        WrittenText = writtenText;
        Deferred = deferred;
        Certainty = certainty;
    }

    /// <summary>The written location (<c>table[1]</c>) or the <c>[Writes]</c> argument; the diagnostic's span.</summary>
    public IOperation Target { get; }

    /// <summary>The value written through, as written (<c>alias</c>, <c>table.AsListHead()</c>).</summary>
    public string WrittenText { get; }

    /// <summary>The strongest deferred-free fact on the value or anything it is a view of; null if none.</summary>
    public DeferredFact? Deferred { get; }

    /// <summary>On all paths only when the written value is known exactly and was deferred on all paths.</summary>
    public Certainty Certainty { get; }
}
