using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Docs;

/// <summary>Keeps descriptors, rule pages and release tracking in step.</summary>
public sealed class DocumentationTests
{
    private static readonly string[] RequiredSections =
    {
        "## Motivation", "## Noncompliant code", "## Compliant code", "## Options", "## Known limitations", "## How to suppress",
    };

    public static IEnumerable<object[]> AllDescriptors() =>
        PgtAnalyzerTest.AllAnalyzers()
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .Select(descriptor => new object[] { descriptor.Id });

    private static DiagnosticDescriptor Descriptor(string id) =>
        PgtAnalyzerTest.AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).Single(d => d.Id == id);

    private static string DocsFolder => Path.Combine(AppContext.BaseDirectory, "Docs");

    [Fact]
    public void EveryRuleOfAnnotationsMd_HasACertainAndAnOnSomePathsDescriptor()
    {
        var ids = PgtAnalyzerTest.AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).OrderBy(id => id).ToArray();
        Assert.Equal(new[] { "PGT001", "PGT002", "PGT003", "PGT004", "PGT101", "PGT102", "PGT103", "PGT104" }, ids);
        foreach (var id in ids.Where(id => id.StartsWith("PGT0", StringComparison.Ordinal)))
        {
            Assert.Equal(DiagnosticSeverity.Error, Descriptor(id).DefaultSeverity);
            Assert.Equal(DiagnosticSeverity.Warning, Descriptor("PGT1" + id.Substring(4)).DefaultSeverity);
        }
    }

    [Theory]
    [MemberData(nameof(AllDescriptors))]
    public void Descriptor_HelpLinkPointsToAnExistingPage(string id)
    {
        var descriptor = Descriptor(id);
        var page = HelpLinks.PageName(id);
        Assert.Equal(HelpLinks.DocsBaseUrl + page, descriptor.HelpLinkUri);
        Assert.True(File.Exists(Path.Combine(DocsFolder, page)), $"{page} exists for {id}");
    }

    [Theory]
    [MemberData(nameof(AllDescriptors))]
    public void Page_HasTheSixSectionsAndNamesTheRule(string id)
    {
        var text = File.ReadAllText(Path.Combine(DocsFolder, HelpLinks.PageName(id)));
        var lines = text.Split('\n').Select(line => line.TrimEnd('\r')).ToArray();
        foreach (var section in RequiredSections)
        {
            Assert.Contains(section, lines);
        }

        Assert.StartsWith("# ", lines[0]);
        Assert.Contains(id, lines[0]);
        Assert.Contains(Descriptor(id).Title.ToString().Replace(" on some paths", string.Empty), lines[0]);
    }

    [Fact]
    public void EveryPage_BelongsToADescriptor()
    {
        var pages = Directory.GetFiles(DocsFolder, "PGT*.md").Select(Path.GetFileName).OrderBy(p => p).ToArray();
        var linked = PgtAnalyzerTest.AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => HelpLinks.PageName(d.Id)).Distinct().OrderBy(p => p).ToArray();
        Assert.Equal(linked, pages);
    }

    [Fact]
    public void UnshippedReleases_ListEveryDescriptorWithItsCategoryAndSeverity()
    {
        var rows = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Releases", "AnalyzerReleases.Unshipped.md"))
            .Where(line => line.StartsWith("PGT", StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .ToDictionary(cells => cells[0]);
        var descriptors = PgtAnalyzerTest.AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).ToArray();

        Assert.Equal(descriptors.Length, rows.Count);
        foreach (var descriptor in descriptors)
        {
            var row = rows[descriptor.Id];
            Assert.Equal(descriptor.Category, row[1]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), row[2]);
            Assert.Equal(descriptor.Title.ToString(), row[3]);
        }
    }

    [Fact]
    public void EveryAnalyzer_IsACSharpDiagnosticAnalyzerInTheRulesNamespace()
    {
        foreach (var analyzer in PgtAnalyzerTest.AllAnalyzers())
        {
            var attribute = analyzer.GetType().GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Cast<DiagnosticAnalyzerAttribute>().Single();
            Assert.Equal(new[] { LanguageNames.CSharp }, attribute.Languages);
            Assert.Equal("PgtAnalyzers.Rules", analyzer.GetType().Namespace);
        }
    }
}
