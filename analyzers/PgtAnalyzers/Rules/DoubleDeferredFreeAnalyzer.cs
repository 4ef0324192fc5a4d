using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PgtAnalyzers.Contracts;
using PgtAnalyzers.Flow;

namespace PgtAnalyzers.Rules;

/// <summary>
/// PGT004/PGT104: a value is handed to deferred freeing once, and a live overlay member is not claimed again
/// (two fragment buddies queueing one rcu_head with call_rcu).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DoubleDeferredFreeAnalyzer : FlowRuleAnalyzer
{
    internal override DiagnosticDescriptor OnAllPaths => Descriptors.DoubleDeferredFree;

    internal override DiagnosticDescriptor OnSomePaths => Descriptors.DoubleDeferredFreeOnSomePaths;

    internal override bool IsRelevant(PreFilterScan scan) => scan.Touches(ParameterContract.DeferredFree | ParameterContract.Claims);

    internal override void OnDeferredFree(DeferredFreeEvent deferredFree, FindingSink sink)
    {
        // A method's own [DeferredFree] parameter exists to be passed on once: that is not a second free,
        // but a hand-over after one made on some paths is.
        if (deferredFree.Previous is not { PassedOn: { } passedOn } previous)
        {
            return;
        }

        var certainty = previous.PassedOnCertainty == Certainty.OnAllPaths ? deferredFree.Certainty : Certainty.OnSomePaths;
        Report(sink, certainty, deferredFree.Argument, deferredFree.ValueText, "handed to deferred freeing", DiagnosticPropertyValues.KindDeferredFree, passedOn);
    }

    internal override void OnOverlayAccess(OverlayAccessEvent access, FindingSink sink)
    {
        if (access.Access != OverlayAccess.Claim)
        {
            return;
        }

        var same = access.Live
            // A membership another method left live may have ended since: that needs "last reference"
            // reasoning across invocations, which the analysis does not do (PGT004.md, Known limitations).
            .Where(live => SymbolEqualityComparer.Default.Equals(live.Member, access.Member) && !live.Fact.LeftByAnotherMethod)
            .OrderByDescending(live => live.Certainty)
            .FirstOrDefault();
        if (same is not null)
        {
            Report(sink, same.Certainty, access.MemberReference, access.Text, "claimed", DiagnosticPropertyValues.KindClaim, same.Fact.Claim);
        }
    }

    private static void Report(FindingSink sink, Certainty certainty, IOperation at, string valueText, string what, string kind, EarlierCall earlier)
    {
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticPropertyNames.Kind, kind)
            .Add(DiagnosticPropertyNames.EarlierCall, earlier.Text);
        sink.Report(certainty, at, earlier, properties, valueText, what, earlier.Name, earlier.LineText);
    }
}
