using Pgt.Samples.Tests.Support;

namespace Pgt.Samples.Tests;

/// <summary>The folder's shape: one scenario per file, and a clean twin for every catalogue bug.</summary>
[Collection(SamplesCollection.Name)]
public sealed class SampleLayoutTests(SampleSuite suite)
{
    [Theory]
    [MemberData(nameof(SampleFileData.All), MemberType = typeof(SampleFileData))]
    public void EverySampleFile_DeclaresExactlyOneScenario(string file)
    {
        var scenarios = suite.In(file);

        Assert.True(scenarios.Count == 1, $"{file} declares {scenarios.Count} scenarios: {string.Join(", ", scenarios.Select(s => s.Name))}");
    }

    [Fact]
    public void TheFolder_HoldsTheDesignsAndAtLeastTenCatalogueEntries()
    {
        var files = SamplesFolder.Files();
        var entries = files.Where(file => file.StartsWith("catalogue/", StringComparison.Ordinal))
            .Select(file => file.Split('/')[1]).Distinct().ToList();

        Assert.True(entries.Count >= 10, $"only {entries.Count} catalogue entries: {string.Join(", ", entries)}");
        // #19 was removed in issue 11: its walker sat where kernel locking keeps every walker out.
        foreach (var required in new[] { "02-", "03-", "05-", "06-", "07-", "09-", "10-", "11-", "12-" })
        {
            Assert.Contains(entries, entry => entry.StartsWith(required, StringComparison.Ordinal));
        }

        Assert.True(files.Count(file => file.StartsWith("designs/", StringComparison.Ordinal)) >= 6, "fewer than six design samples");
    }

    [Fact]
    public void EveryCatalogueEntry_PairsADeclaredBugWithACleanTwin()
    {
        var entries = SamplesFolder.Files().Where(file => file.StartsWith("catalogue/", StringComparison.Ordinal))
            .GroupBy(file => file.Split('/')[1]);

        foreach (var entry in entries)
        {
            Assert.Equal(["Buggy.cs", "Fixed.cs"], entry.Select(file => file.Split('/')[2]).Order(StringComparer.Ordinal));
            var buggy = Assert.Single(suite.In($"catalogue/{entry.Key}/Buggy.cs"));
            var fixedTwin = Assert.Single(suite.In($"catalogue/{entry.Key}/Fixed.cs"));
            Assert.True(buggy.Expected.Finding is not null, $"{buggy.Name} declares no finding");
            Assert.True(fixedTwin.Expected.Finding is null && fixedTwin.Expected.Rules.Count == 0,
                $"{fixedTwin.Name} is not declared clean: {fixedTwin.Expected.DescribeDynamic()} + {fixedTwin.Expected.DescribeStatic()}");
        }
    }

    [Fact]
    public void TheAnalyzers_RunOverTheSamplesWithoutWarnings() => Assert.Empty(suite.AnalyzerWarnings);
}
