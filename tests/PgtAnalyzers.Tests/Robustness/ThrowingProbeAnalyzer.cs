using System;
using Microsoft.CodeAnalysis;
using PgtAnalyzers.Flow;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// A rule that throws from its hook, inside the same safety net as the real rules. Where that net swallows
/// exceptions (release builds of the analyzers), no AD0001 comes out, and <see cref="NeverThrowTests"/>
/// would pass without proving anything: they check this probe first.
/// </summary>
// Instantiated by the tests alone, never loaded by a host: it needs no [DiagnosticAnalyzer] registration.
#pragma warning disable RS1001
internal sealed class ThrowingProbeAnalyzer : FlowRuleAnalyzer
{
    internal override DiagnosticDescriptor OnAllPaths => Descriptors.WriteAfterDeferredFree;

    internal override DiagnosticDescriptor OnSomePaths => Descriptors.WriteAfterDeferredFreeOnSomePaths;

    internal override bool IsRelevant(PreFilterScan scan) => true;

    internal override void OnWrite(WriteEvent write, FindingSink sink) =>
        throw new InvalidOperationException("probe: an analyzer exception must surface as AD0001");
}
#pragma warning restore RS1001
