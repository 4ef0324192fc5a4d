using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Pgt.Cli.Compilation;
using Pgt.Samples.Tests.Support;

namespace Pgt.Samples.Tests;

/// <summary>
/// pgt compiles the samples (and the port) with its pinned Roslyn, which parses C# 12: a sample written in
/// a newer C# would pass an IDE and fail only under pgt.
/// </summary>
public sealed class LanguageVersionTests
{
    [Fact]
    public void Pgt_ParsesCSharp12() =>
        Assert.Equal(LanguageVersion.CSharp12, ScenarioCompiler.ParseOptions.LanguageVersion);

    [Theory]
    [MemberData(nameof(SampleFileData.All), MemberType = typeof(SampleFileData))]
    public void EverySample_ParsesAsCSharp12(string file)
    {
        var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(SamplesFolder.FullPath(file)),
            new CSharpParseOptions(LanguageVersion.CSharp12), file);

        Assert.Empty(tree.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .Select(diagnostic => diagnostic.ToString()));
    }

    [Fact]
    public void ANewerFeature_FailsToParseAsCSharp12()
    {
        // A C# 13 escape (\e): what the test above would catch in a sample.
        var tree = CSharpSyntaxTree.ParseText("class C { char c = '\\e'; }", new CSharpParseOptions(LanguageVersion.CSharp12));

        Assert.Contains(tree.GetDiagnostics(), diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
    }
}
