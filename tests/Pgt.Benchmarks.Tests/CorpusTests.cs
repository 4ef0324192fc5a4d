using Pgt.Benchmarks.Analyzers;
using Pgt.Benchmarks.Corpus;
using Xunit;

namespace Pgt.Benchmarks.Tests;

/// <summary>The generated corpus is what the analyzer figures are measured on: seeded, sized, compilable, and it exercises the rules.</summary>
public sealed class CorpusTests
{
    [Fact]
    public void SameSeed_SameFiles()
    {
        var first = new CorpusGenerator(42).Generate(5_000);
        var second = new CorpusGenerator(42).Generate(5_000);

        Assert.Equal(first.Select(f => (f.Name, f.Text)), second.Select(f => (f.Name, f.Text)));
        Assert.NotEqual(first[1].Text, new CorpusGenerator(43).Generate(5_000)[1].Text);
    }

    [Theory]
    [InlineData(2_000)]
    [InlineData(12_345)]
    public void Generate_ReachesTheRequestedLines(int lines)
    {
        var files = new CorpusGenerator(7).Generate(lines);
        var generated = files.Skip(1).Sum(f => f.Lines);

        Assert.InRange(generated, lines, lines + 1_000);
        Assert.All(files, f => Assert.Equal(f.Text.Count(c => c == '\n'), f.Lines));
    }

    [Fact]
    public void Corpus_CompilesWithoutErrors_AndPgtAnalyzersReportItsSeededBugs()
    {
        var files = new CorpusGenerator(BenchOptions.CorpusSeed).Generate(8_000);
        var compiler = new CorpusCompiler();

        var (_, errors, firstError) = compiler.CompilePlain(files);
        var pass = compiler.Analyze(CorpusCompiler.Parse(files), AnalyzerSets.Create(AnalyzerSets.Pgt));

        Assert.True(errors == 0, firstError);
        Assert.Equal(0, pass.Crashes);
        Assert.NotEmpty(pass.ById);
        Assert.All(pass.ById.Keys, id => Assert.StartsWith("PGT", id, StringComparison.Ordinal));
        Assert.True(pass.AnalyzerTime > TimeSpan.Zero);
    }

    [Fact]
    public void EditorDocument_IsMostlyAnnotatedAndOfTheRequestedSize()
    {
        var document = new CorpusGenerator(1).GenerateDocument("Editor.cs", 2_000);

        Assert.InRange(document.Lines, 2_000, 2_060);
        Assert.Contains("[RequiresMm]", document.Text, StringComparison.Ordinal);
        Assert.Contains("namespace Corpus.Open", document.Text, StringComparison.Ordinal);
    }
}
