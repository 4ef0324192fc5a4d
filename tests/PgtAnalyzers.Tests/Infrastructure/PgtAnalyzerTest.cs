using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using PgtAnalyzers.Rules;

namespace PgtAnalyzers.Tests.Infrastructure;

/// <summary>
/// An analyzer test over a source file plus the stand-in prelude, compiled against .NET 8 reference
/// assemblies and the annotations assembly. Markup <c>{|PGT001:table[1]|}</c> states exact spans; the
/// blamed earlier call (AdditionalLocations[0]) is not part of the markup.
/// </summary>
internal sealed class PgtAnalyzerTest : CSharpAnalyzerTest<WriteAfterDeferredFreeAnalyzer, DefaultVerifier>
{
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;

    public PgtAnalyzerTest(IEnumerable<DiagnosticAnalyzer> analyzers, bool referenceAnnotations = true, bool withPrelude = true)
    {
        _analyzers = analyzers.ToImmutableArray();
        ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
        if (referenceAnnotations)
        {
            TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(PgtAnalyzers.Annotations.DeferredFreeAttribute).Assembly.Location));
        }

        if (withPrelude)
        {
            TestState.Sources.Add((StandInPrelude.FileName, StandInPrelude.Source));
        }
    }

    /// <summary>Every rule of the package.</summary>
    public static DiagnosticAnalyzer[] AllAnalyzers() => AnalyzerCatalog.CreateAll().ToArray();

    /// <summary>Runs <typeparamref name="TAnalyzer"/> alone over <paramref name="source"/> (plus the prelude).</summary>
    public static Task VerifyAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new PgtAnalyzerTest(new[] { new TAnalyzer() }) { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Runs every rule over <paramref name="source"/> (plus the prelude).</summary>
    public static Task VerifyAllAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new PgtAnalyzerTest(AllAnalyzers()) { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>An expected diagnostic of <paramref name="descriptor"/> at markup location <c>{|#n:...|}</c>.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor, int markupKey) =>
        new DiagnosticResult(descriptor).WithLocation(markupKey);

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => _analyzers;

    /// <summary>
    /// The framework would demand every additional location in the markup; the blame location is checked
    /// by <see cref="Flow.BlameLocationTests"/> instead, so it is dropped here.
    /// </summary>
    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(
        ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics) =>
        base.FilterDiagnostics(diagnostics)
            .Select(pair => (pair.project, pair.diagnostic.Id.StartsWith("PGT", System.StringComparison.Ordinal) ? WithoutAdditionalLocations(pair.diagnostic) : pair.diagnostic))
            .ToImmutableArray();

    private static Diagnostic WithoutAdditionalLocations(Diagnostic diagnostic) =>
        Microsoft.CodeAnalysis.Diagnostic.Create(
            diagnostic.Descriptor.Id,
            diagnostic.Descriptor.Category,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            diagnostic.Severity,
            diagnostic.DefaultSeverity,
            diagnostic.Descriptor.IsEnabledByDefault,
            diagnostic.WarningLevel,
            diagnostic.Descriptor.Title,
            diagnostic.Descriptor.Description,
            diagnostic.Descriptor.HelpLinkUri,
            diagnostic.Location,
            additionalLocations: null,
            customTags: diagnostic.Descriptor.CustomTags,
            properties: diagnostic.Properties);
}
