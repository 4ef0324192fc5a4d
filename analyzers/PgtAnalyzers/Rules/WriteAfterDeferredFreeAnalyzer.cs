using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PgtAnalyzers.Contracts;
using PgtAnalyzers.Flow;

namespace PgtAnalyzers.Rules;

/// <summary>
/// PGT001/PGT101: nothing may write through a value, an alias or a view of its memory once it was handed to a
/// <c>[DeferredFree]</c> parameter, nor through a method's own <c>[DeferredFree]</c> parameter
/// ("It is not RCU anymore if it writes to the page table itself before the grace period").
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WriteAfterDeferredFreeAnalyzer : FlowRuleAnalyzer
{
    internal override DiagnosticDescriptor OnAllPaths => Descriptors.WriteAfterDeferredFree;

    internal override DiagnosticDescriptor OnSomePaths => Descriptors.WriteAfterDeferredFreeOnSomePaths;

    internal override bool IsRelevant(PreFilterScan scan) => scan.Touches(ParameterContract.DeferredFree);

    internal override void OnWrite(WriteEvent write, FindingSink sink)
    {
        if (write.Deferred is not { } deferred)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(DiagnosticPropertyNames.DeferredCall, deferred.Origin.Text)
            .Add(DiagnosticPropertyNames.DeferredOrigin, deferred.ByOwnContract ? DiagnosticPropertyValues.OriginParameter : DiagnosticPropertyValues.OriginCall)
            .Add(DiagnosticPropertyNames.WrittenValue, write.WrittenText);
        sink.Report(write.Certainty, write.Target, deferred.Origin, properties, write.WrittenText, deferred.Origin.Name, deferred.Origin.LineText);
    }
}
