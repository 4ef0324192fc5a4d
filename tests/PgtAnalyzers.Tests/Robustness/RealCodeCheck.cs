using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PgtAnalyzers.Flow;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// Runs every rule over a compilation of real code with the pre-filter bypassed, so the flow engine
/// analyses every body (a superset of what users get: a body the pre-filter skips reports nothing), and
/// collects what must not happen on code without ownership attributes: PGT diagnostics (suppressed ones
/// included) and analyzer exceptions. Compiler errors are expected and ignored (the code is compiled
/// without its whole build).
/// </summary>
internal static class RealCodeCheck
{
    public static async Task<RealCodeResult> RunAsync(Compilation compilation)
    {
        var analyzers = AnalyzerCatalog.CreateAll();
        var rules = analyzers.Cast<FlowRuleAnalyzer>().ToArray();
        foreach (var rule in rules)
        {
            rule.AnalyzeEveryBody = true;
        }

        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name} threw {exception}");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: true);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        var unwanted = diagnostics
            .Where(d => d.Id.StartsWith("PGT", StringComparison.Ordinal) || d.Id == "AD0001")
            .Select(d => $"{d.Location.GetLineSpan()}: {d.Id}: {d.GetMessage()}")
            .Concat(exceptions)
            .OrderBy(line => line, StringComparer.Ordinal)
            .ToArray();
        return new RealCodeResult(
            compilation.SyntaxTrees.Count(),
            rules.Sum(rule => rule.BodiesAnalysed),
            rules.Sum(rule => rule.GiveUps.Total),
            compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error),
            unwanted);
    }
}

/// <summary>What <see cref="RealCodeCheck"/> saw: how much it analysed, and every unwanted diagnostic or exception.</summary>
internal sealed record RealCodeResult(int Files, int BodiesAnalysed, int GiveUps, int CompilerErrors, IReadOnlyList<string> Unwanted)
{
    public override string ToString() =>
        $"{Files} files, {BodiesAnalysed} bodies flow-analysed (all rules), {GiveUps} given up, {CompilerErrors} compiler errors, {Unwanted.Count} PGT diagnostics or analyzer exceptions";
}
