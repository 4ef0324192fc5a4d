using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

// Deferral (PGT001, PGT004): values handed to deferred freeing, and writes through them.
internal sealed partial class OperationTransfer
{
    /// <param name="target">The written location.</param>
    /// <param name="written">The expression written through, whose text the diagnostic quotes.</param>
    /// <param name="owners">The values it may hold.</param>
    private void ReportWrite(IOperation target, IOperation written, ValueSet owners)
    {
        if (!_reporting)
        {
            return;
        }

        var (fact, certainty) = StrongestDeferred(owners, includeAncestors: true);
        _body.Events.Add(new WriteEvent(target, written.Syntax.ToString(), fact, certainty));
    }

    private void DeferFree(IOperation call, IMethodSymbol? method, IOperation argument, ValueSet values)
    {
        if (_reporting)
        {
            var (previous, certainty) = StrongestDeferred(values, includeAncestors: false);
            _body.Events.Add(new DeferredFreeEvent(argument, argument.Syntax.ToString(), previous, certainty));
        }

        var origin = EarlierCall.ForCall(call, method);
        for (var i = 0; i < values.Count; i++)
        {
            var id = values[i];
            if (id == ValueTable.UnknownId || id == ValueTable.NullId)
            {
                continue;
            }

            var fact = new DeferredFact(values.IsSingle ? Certainty.OnAllPaths : Certainty.OnSomePaths, origin, byOwnContract: false);
            _state.Deferred[id] = fact;
        }
    }

    /// <summary>
    /// The strongest deferred-free fact over the values an expression may hold. On all paths only if every
    /// possible value (or something it is a view of) was deferred on all paths.
    /// </summary>
    private (DeferredFact? Fact, Certainty Certainty) StrongestDeferred(ValueSet values, bool includeAncestors)
    {
        DeferredFact? strongest = null;
        var allCertain = values.Count > 0;
        for (var i = 0; i < values.Count; i++)
        {
            DeferredFact? best = null;
            var candidates = includeAncestors ? Values.SelfAndAncestors(values[i]) : new[] { values[i] };
            foreach (var id in candidates)
            {
                if (id != ValueTable.UnknownId && _state.Deferred.TryGetValue(id, out var fact) && Stronger(fact, best))
                {
                    best = fact;
                }
            }

            allCertain &= best is { Certainty: Certainty.OnAllPaths };
            if (best is not null && Stronger(best, strongest))
            {
                strongest = best;
            }
        }

        return (strongest, allCertain ? Certainty.OnAllPaths : Certainty.OnSomePaths);

        static bool Stronger(DeferredFact fact, DeferredFact? than) =>
            than is null
            || fact.Certainty > than.Certainty
            || (fact.Certainty == than.Certainty && fact.Origin.Location.SourceSpan.Start < than.Origin.Location.SourceSpan.Start);
    }
}
