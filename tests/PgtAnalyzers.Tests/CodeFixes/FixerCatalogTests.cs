using System;
using System.Composition;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using PgtAnalyzers.CodeFixes;
using Xunit;

namespace PgtAnalyzers.Tests.CodeFixes;

/// <summary>What an IDE finds in the code-fix assembly: which rules have fixes and how they are exported.</summary>
public sealed class FixerCatalogTests
{
    private static readonly Type[] Fixers = typeof(DocumentFixProvider).Assembly.GetTypes()
        .Where(type => typeof(CodeFixProvider).IsAssignableFrom(type) && !type.IsAbstract)
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void EveryFixer_IsExportedForCSharpAndShared()
    {
        Assert.NotEmpty(Fixers);
        Assert.All(Fixers, fixer =>
        {
            var export = fixer.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Equal(new[] { LanguageNames.CSharp }, export!.Languages);
            Assert.Equal(fixer.Name, export.Name);
            Assert.NotNull(fixer.GetCustomAttribute<SharedAttribute>());
        });
    }

    [Fact]
    public void FixableRules_AreExactlyPgt001To003AndTheirTwins()
    {
        var fixable = Fixers
            .SelectMany(fixer => ((CodeFixProvider)Activator.CreateInstance(fixer)!).FixableDiagnosticIds)
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            new[]
            {
                RuleIds.WriteAfterDeferredFree, RuleIds.UnionOverlayConflict, RuleIds.MissingMm,
                RuleIds.WriteAfterDeferredFreeOnSomePaths, RuleIds.UnionOverlayConflictOnSomePaths, RuleIds.MissingMmOnSomePaths,
            },
            fixable);
    }

    [Fact]
    public void EveryFixer_FixesAllInDocumentProjectAndSolution()
    {
        Assert.All(Fixers, fixer =>
        {
            var fixAll = ((CodeFixProvider)Activator.CreateInstance(fixer)!).GetFixAllProvider();
            Assert.NotNull(fixAll);
            var scopes = fixAll!.GetSupportedFixAllScopes().ToArray();
            Assert.Contains(FixAllScope.Document, scopes);
            Assert.Contains(FixAllScope.Project, scopes);
            Assert.Contains(FixAllScope.Solution, scopes);
        });
    }
}
