using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using PgtAnalyzers.Contracts;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Docs;

/// <summary>
/// The examples of analyzers/docs/annotations.md are tests: every <c>csharp</c> block is compiled and run
/// through every rule, and reports exactly the diagnostics its markup (<c>{|PGT001:table[1]|}</c>) states.
/// </summary>
public sealed class AnnotationsExamplesTests
{
    public static IEnumerable<object[]> ExampleNames() => AnnotationsPage.Examples().Select(e => new object[] { e.Name });

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public Task Example_ReportsExactlyItsMarkedDiagnostics(string name)
    {
        var example = AnnotationsPage.Examples().Single(e => e.Name == name);
        var test = new PgtAnalyzerTest(PgtAnalyzerTest.AllAnalyzers()) { TestCode = example.Code };
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public void Page_ExemplifiesEveryRuleAndEveryAttribute()
    {
        var code = string.Concat(AnnotationsPage.Examples().Select(e => e.Code));

        foreach (var id in new[] { "PGT001", "PGT002", "PGT003", "PGT004" })
        {
            Assert.Contains("{|" + id + ":", code, StringComparison.Ordinal);
        }

        foreach (var attribute in AnnotationNames.All.Select(n => n.Substring(0, n.Length - "Attribute".Length)))
        {
            Assert.Matches(@"\[(\w+, )*" + attribute + @"\b", code);
        }
    }

    [Fact]
    public void Page_LinksEveryRulePage()
    {
        var text = System.IO.File.ReadAllText(AnnotationsPage.Path);

        foreach (var page in new[] { "PGT001.md", "PGT002.md", "PGT003.md", "PGT004.md" })
        {
            Assert.Contains("](" + page + ")", text, StringComparison.Ordinal);
        }
    }
}
