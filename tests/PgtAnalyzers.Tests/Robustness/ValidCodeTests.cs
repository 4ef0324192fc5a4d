using System.IO;
using System.Linq;
using System.Threading.Tasks;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// The valid-code corpus (ValidCode/: the merged v6.6 and v6.8 s390 free paths over the stand-in types)
/// compiles and every rule leaves it clean; injecting one known bug into it is reported, so the
/// silence is not the pre-filter skipping it.
/// </summary>
public sealed class ValidCodeTests
{
    private static string[] Corpus() =>
        Directory.GetFiles(Path.Combine(System.AppContext.BaseDirectory, "ValidCode"), "*.cs")
            .OrderBy(path => path, System.StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray();

    [Fact]
    public async Task Corpus_CompilesAndAllAnalyzersLeaveItClean()
    {
        var corpus = Corpus();
        Assert.True(corpus.Length >= 4, "the corpus files are copied to the output");
        var compilation = await TestCompilation.CreateAsync(corpus.Prepend(StandInPrelude.Source));

        Assert.Empty(TestCompilation.Errors(compilation));
        Assert.Empty(await TestCompilation.AnalyzeAsync(compilation));
    }

    /// <summary>
    /// <paramref name="expectedCount"/> sites: the PGT102 injection drops the assertion both where the page was
    /// listed in the same method and where page_table_alloc/page_table_free left it listed (Contract v2, point 3).
    /// </summary>
    [Theory]
    [InlineData("            PageTableFree(mm, pgtable);\n", "            PageTableFree(mm, pgtable);\n            pgtable[0] = 0;\n", "PGT001", 1)]
    [InlineData("                AssumeOffList(page.Lru);\n                CallRcu(page.RcuHead, PteFreeNow);", "                CallRcu(page.RcuHead, PteFreeNow);", "PGT102", 2)]
    [InlineData("            PagetableFree(page);\n        }\n\n        /// <summary>page_table_free_rcu()", "            PagetableFree(Page.FromTable(PageTableAlloc(page.PtMm!)));\n        }\n\n        /// <summary>page_table_free_rcu()", "PGT003", 1)]
    [InlineData("            PgallocV66.PteFreeDefer(mm, table);", "            PgallocV66.PteFreeDefer(mm, table);\n            PgallocV66.PteFreeDefer(mm, table);", "PGT004", 1)]
    public async Task CorpusWithOneInjectedBug_ReportsIt(string original, string buggy, string expectedId, int expectedCount)
    {
        var corpus = Corpus();
        var index = System.Array.FindIndex(corpus, text => text.Contains(original));
        Assert.True(index >= 0, "the injection point exists");
        corpus[index] = corpus[index].Replace(original, buggy);
        var compilation = await TestCompilation.CreateAsync(corpus.Prepend(StandInPrelude.Source));

        Assert.Empty(TestCompilation.Errors(compilation));
        var diagnostics = await TestCompilation.AnalyzeAsync(compilation);
        Assert.Equal(expectedCount, diagnostics.Length);
        Assert.All(diagnostics, diagnostic => Assert.Equal(expectedId, diagnostic.Id));
    }
}
