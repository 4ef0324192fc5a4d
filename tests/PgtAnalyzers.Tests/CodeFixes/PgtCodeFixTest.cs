using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using PgtAnalyzers.Tests.Infrastructure;

namespace PgtAnalyzers.Tests.CodeFixes;

/// <summary>
/// A code-fix test over one or more files plus the stand-in prelude. Every rule runs, in the input and in the
/// fixed code, so a fix that trades one finding for another fails; compiler warnings count as well, so the
/// fixed code must compile cleanly. The framework applies the fix one diagnostic at a time and then checks
/// Fix All in document, project and solution scope against the same (or the batch) expected code.
/// </summary>
internal sealed class PgtCodeFixTest<TFixer> : CSharpCodeFixTest<EmptyDiagnosticAnalyzer, TFixer, DefaultVerifier>
    where TFixer : CodeFixProvider, new()
{
    private PgtCodeFixTest()
    {
        ReferenceAssemblies = ReferenceAssemblies.Net.Net80;
        CompilerDiagnostics = CompilerDiagnostics.Warnings;

        // The framework parses with documentation diagnostics on; test code is not public API.
        DisabledDiagnostics.Add("CS1591");
        var annotations = MetadataReference.CreateFromFile(typeof(PgtAnalyzers.Annotations.DeferredFreeAttribute).Assembly.Location);
        TestState.AdditionalReferences.Add(annotations);
    }

    /// <summary>
    /// The fix turns <paramref name="sources"/> into <paramref name="fixedSources"/> (file by file), and the
    /// diagnostics in <paramref name="expected"/> are exactly those the input reports. Markup <c>{|#n:...|}</c>
    /// marks locations; each expected diagnostic names its own location and its blamed earlier call.
    /// </summary>
    public static Task VerifyFixAsync(string[] sources, DiagnosticResult[] expected, string[] fixedSources, DiagnosticResult[]? remaining = null)
    {
        var test = new PgtCodeFixTest<TFixer>();
        AddSources(test.TestState, sources);
        AddSources(test.FixedState, fixedSources);
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(remaining ?? []);
        return test.RunAsync(CancellationToken.None);
    }

    public static Task VerifyFixAsync(string source, DiagnosticResult[] expected, string fixedSource, DiagnosticResult[]? remaining = null) =>
        VerifyFixAsync([source], expected, [fixedSource], remaining);

    /// <summary>The input reports <paramref name="expected"/> and the fixer offers nothing for them.</summary>
    public static Task VerifyNoFixAsync(string source, params DiagnosticResult[] expected) =>
        VerifyNoFixAsync([source], expected);

    /// <inheritdoc cref="VerifyNoFixAsync(string, DiagnosticResult[])"/>
    public static Task VerifyNoFixAsync(string[] sources, params DiagnosticResult[] expected)
    {
        var test = new PgtCodeFixTest<TFixer>();
        AddSources(test.TestState, sources);
        AddSources(test.FixedState, sources);
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => PgtAnalyzerTest.AllAnalyzers();

    private static void AddSources(SolutionState state, IEnumerable<string> sources)
    {
        var index = 0;
        foreach (var source in sources)
        {
            state.Sources.Add(($"/0/Test{index++}.cs", source));
        }

        state.Sources.Add((StandInPrelude.FileName, StandInPrelude.Source));
    }
}
