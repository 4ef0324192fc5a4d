using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

// Deferral (PGT001, PGT004): values handed to deferred freeing, and writes through them.
internal sealed partial class OperationTransfer
{
    /// <param name="target">The written location.</param>
    /// <param name="written">The expression written through, whose text the diagnostic quotes.</param>
    /// <param name="owners">The values it may hold.</param>
    /// <param name="cap">For a write inferred from a callee's body: on all paths only if the callee writes on all of its paths.</param>
    /// <param name="via">For a write inferred from a callee's body: the call that writes.</param>
    private void ReportWrite(IOperation target, IOperation written, ValueSet owners, Certainty cap = Certainty.OnAllPaths, EarlierCall? via = null, string? text = null)
    {
        if (!_reporting)
        {
            return;
        }

        if (_body.RecordsEffects)
        {
            RecordParameterEffect(ParameterContract.Writes, owners, throughViews: true, via ?? new EarlierCall(written.Syntax.ToString(), target.Syntax.GetLocation(), written.Syntax.ToString()), cap);
        }

        var (fact, certainty) = StrongestDeferred(owners, includeAncestors: true, VariableRead(written));
        if (fact is not null && certainty == Certainty.OnSomePaths && WrittenThroughDeferredVariable(written, owners))
        {
            certainty = Certainty.OnAllPaths;
        }

        _body.Events.Add(new WriteEvent(target, text ?? written.Syntax.ToString(), fact, InferredEffect.Weaker(certainty, cap)));
    }

    /// <summary>
    /// Whether <paramref name="written"/> is a variable, or a view read from one through instance members of
    /// reference type (<c>victim.Words</c>), whose object was handed to deferred freeing on every path here, and
    /// <paramref name="owners"/> are all that object or views of it: then the write is certain even when the
    /// variable may hold one of several objects, each deferred on some paths only
    /// (<c>var victim = c ? upper : lower; PteFreeDefer(mm, victim); victim[0] = 0;</c>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private bool WrittenThroughDeferredVariable(IOperation written, ValueSet owners)
    {
        var operation = ReadOperand(written);
        while (true)
        {
            switch (operation)
            {
                case ILocalReferenceOperation or IParameterReferenceOperation:
                    return BindingKeyOf(operation) is ISymbol variable && _state.IsDeferredThrough(variable) && AllHeldBy(owners, _state.Lookup(variable));
                case IMemberReferenceOperation { Instance: { Type.IsReferenceType: true } instance, Member.IsStatic: false }:
                    operation = StripConversions(instance);
                    break;
                case IInvocationOperation { Instance: { Type.IsReferenceType: true } instance, TargetMethod.IsStatic: false }:
                    operation = StripConversions(instance);
                    break;
                default:
                    return false;
            }
        }
    }

    /// <summary>Whether each of <paramref name="owners"/> is one of <paramref name="held"/> or a view of one (a member fixed at construction is not).</summary>
    private bool AllHeldBy(ValueSet owners, ValueSet held)
    {
        if (owners.Count == 0)
        {
            return false;
        }

        for (var i = 0; i < owners.Count; i++)
        {
            var found = false;
            for (var j = 0; j < held.Count && !found; j++)
            {
                found = held[j] != ValueTable.UnknownId && held[j] != ValueTable.NullId && Values.IsSelfOrDescendantOf(owners[i], held[j]);
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private void DeferFree(IOperation call, IMethodSymbol? method, IOperation argument, ValueSet values, Certainty cap = Certainty.OnAllPaths, EarlierCall? via = null, string? text = null)
    {
        if (_reporting)
        {
            var (previous, certainty) = StrongestDeferred(values, includeAncestors: false, VariableRead(argument));
            _body.Events.Add(new DeferredFreeEvent(argument, text ?? argument.Syntax.ToString(), previous?.SeenUnder(_state.KnownConditions), InferredEffect.Weaker(certainty, cap)));
        }

        var origin = via ?? EarlierCall.ForCall(call, method);
        var held = BindingKeyOf(argument);
        for (var i = 0; i < values.Count; i++)
        {
            var id = values[i];
            if (id == ValueTable.UnknownId || id == ValueTable.NullId)
            {
                continue;
            }

            // Made where the argument held this value: `PteFreeDefer(mm, upperFree ? upper : lower)` defers `upper`
            // only where upperFree is true.
            var fact = new DeferredFact(values.IsSingle ? cap : Certainty.OnSomePaths, origin, byOwnContract: false, _state.ConditionsWhereHeld(held, id));
            _state.SetDeferred(id, fact);
        }

        if (cap == Certainty.OnAllPaths && held is ISymbol variable)
        {
            // Whichever object the variable holds, it is deferred now: a write through the variable is certain.
            _state.MarkDeferredThrough(variable);
        }
    }

    /// <summary>
    /// The strongest deferred-free fact over the values an expression may hold. On all paths only if every
    /// possible value (or something it is a view of) was deferred on all paths.
    /// </summary>
    /// <param name="through">The variable <paramref name="values"/> were read from, if any: a fact that cannot hold while it holds a value does not count for that value.</param>
    private (DeferredFact? Fact, Certainty Certainty) StrongestDeferred(ValueSet values, bool includeAncestors, ISymbol? through = null)
    {
        DeferredFact? strongest = null;
        var allCertain = values.Count > 0;
        for (var i = 0; i < values.Count; i++)
        {
            DeferredFact? best = null;
            var candidates = includeAncestors ? Values.SelfAndAncestors(values[i]) : new[] { values[i] };
            foreach (var id in candidates)
            {
                if (id != ValueTable.UnknownId && _state.Deferred.TryGetValue(id, out var fact) && Stronger(fact, best)
                    && (fact.Guards.IsEmpty || (!BranchGuards.Contradict(fact.Guards, _state.KnownConditions) && fact.HoldsWhen(through, values[i]))))
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

    /// <summary>The variable or flow capture an expression reads as a whole (through conversions), or null.</summary>
    private static object? BindingKeyOf(IOperation? operation) => ReadOperand(operation) switch
    {
        ILocalReferenceOperation { Local.IsRef: false } local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        Microsoft.CodeAnalysis.FlowAnalysis.IFlowCaptureReferenceOperation capture => capture.Id,
        _ => null,
    };

    /// <summary>The local or parameter an expression reads as a whole (through conversions), or null.</summary>
    private static ISymbol? VariableRead(IOperation? operation) =>
        ReadOperand(operation) is { } read ? VariableOf(read) as ISymbol : null;

    /// <summary>What an argument or expression reads, past the argument and reference conversions.</summary>
    private static IOperation? ReadOperand(IOperation? operation) =>
        operation is null ? null : StripConversions(operation is IArgumentOperation argument ? argument.Value : operation);

    /// <summary>
    /// In a body being summarised: notes that <paramref name="values"/> (or, with <paramref name="throughViews"/>,
    /// a view of them) are this method's own parameter, certain where it happens only if they are nothing else.
    /// </summary>
    private void RecordParameterEffect(ParameterContract kind, ValueSet values, bool throughViews, EarlierCall inside, Certainty cap = Certainty.OnAllPaths, ISymbol? member = null, string? group = null)
    {
        if (!_body.RecordsEffects || !_reporting)
        {
            return;
        }

        var ordinals = new System.Collections.Generic.List<int>();
        var allParameters = values.Count > 0;
        for (var i = 0; i < values.Count; i++)
        {
            var root = values[i];
            if (throughViews)
            {
                foreach (var ancestor in Values.SelfAndAncestors(values[i]))
                {
                    root = ancestor;
                }
            }

            if (root != ValueTable.UnknownId && _body.EffectSlots.TryGetValue(root, out var ordinal))
            {
                if (!ordinals.Contains(ordinal))
                {
                    ordinals.Add(ordinal);
                }
            }
            else
            {
                allParameters = false;
            }
        }

        var certain = allParameters && ordinals.Count == 1 && cap == Certainty.OnAllPaths;
        foreach (var ordinal in ordinals)
        {
            _body.RecordedEffects.Add(new BodyWorkspace.RecordedEffect(kind, ordinal, _body.CurrentBlock, certain, inside, member, group));
        }
    }
}
