using System.Linq;
using System.Threading.Tasks;
using PgtAnalyzers.Tests.Docs;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Contracts;

/// <summary>
/// The contracts are matched by the attributes' full names, not their assembly: a project's own internal
/// copies of the attributes give the same diagnostics as the shipped ones.
/// </summary>
public sealed class PastedAttributeCopiesTests
{
    /// <summary>A user's own internal copies of the attributes, as one pastes Meziantou's annotations.</summary>
    private const string PastedAttributes = """
        using System;

        namespace PgtAnalyzers.Annotations
        {
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class DeferredFreeAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class WritesAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class ClaimsAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class ReleasesAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class AssumesReleasedAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Parameter)] internal sealed class RequiresMmAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method)] internal sealed class MmSourceAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Method | AttributeTargets.Parameter | AttributeTargets.Delegate)] internal sealed class NoMmAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
            internal sealed class OverlayAttribute : Attribute
            {
                public OverlayAttribute(string group) => Group = group;
                public string Group { get; }
            }
        }
        """;

    [Fact]
    public Task ContractExamplesWithPastedInternalAttributeCopies_ReportTheSameDiagnostics()
    {
        var example = AnnotationsPage.Examples().Single(e => e.Code.Contains("void Retract(", System.StringComparison.Ordinal));
        var test = new PgtAnalyzerTest(PgtAnalyzerTest.AllAnalyzers(), referenceAnnotations: false) { TestCode = example.Code };
        test.TestState.Sources.Add(("PastedAttributes.cs", PastedAttributes));
        return test.RunAsync();
    }
}
