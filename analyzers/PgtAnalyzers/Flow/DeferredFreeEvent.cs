using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>A value passed to a <c>[DeferredFree]</c> parameter.</summary>
internal sealed class DeferredFreeEvent : FlowEvent
{
    public DeferredFreeEvent(IOperation argument, string valueText, DeferredFact? previous, Certainty certainty)
    {
        Argument = argument;
        ValueText = valueText;
        Previous = previous;
        Certainty = certainty;
    }

    public IOperation Argument { get; }

    public string ValueText { get; }

    /// <summary>The value's deferred-free fact before this call; null if it was not deferred.</summary>
    public DeferredFact? Previous { get; }

    public Certainty Certainty { get; }
}
