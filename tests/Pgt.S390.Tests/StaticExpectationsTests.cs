using Pgt.S390.Tests.Support;
using Xunit;

namespace Pgt.S390.Tests;

/// <summary>
/// The analyzers over the port's own sources: the merged designs, the shared pieces and the drivers are
/// clean without suppressions; each buggy design carries exactly the diagnostics the 2023 review found,
/// where the annotations can express them. Lines are found by anchor text, so edits elsewhere in a file
/// do not break the expectations.
/// </summary>
public class StaticExpectationsTests
{
    /// <summary>Every diagnostic the port must carry: file, rule, the text of its line, and why.</summary>
    private static readonly (string File, string Rule, string Anchor, string Why)[] Expected =
    [
        ("Designs/GrossPatch.cs", "PGT001", "m.ListAddTail(table.AsListHead(), mm.Context.PgtableList);",
            "page_table_free_rcu threads the free list through the table it hands to tlb_remove_table (Jason, M4)"),
        ("Designs/GrossPatch.cs", "PGT003", "PageTableFree(mm, table);",
            "the RCU callback frees through the mm decoded from pt_mm: v1's pte_free_now, kept by the gross patch"),
        ("Designs/V1MmgrabCallRcu.cs", "PGT003", "PageTableFree(mm, table);",
            "the RCU callback frees through the mm decoded from pt_mm (v1 needed mmgrab and mmdrop_async for it)"),
        ("Designs/V2DraftPtMm.cs", "PGT003", "mask = ClearPendingAndRelist(new Mm(m, m.Load(page.PtMm)), page, half);",
            "the draft's __tlb_remove_table relists through page->pt_mm, which may be gone (Gerald, M7)"),
        ("Designs/V2GlobalListLock.cs", "PGT003", "mask = ClearPendingAndRelist(new Mm(m, m.Load(page.PtMm)), page, half);",
            "v2 still relists through page->pt_mm in __tlb_remove_table; the global lock makes it safe, which the rule cannot see"),

        ("Designs/V1MmgrabCallRcu.cs", "PGT102", "m.CallRcu(page.RcuHead, PteFreeNow);",
            "page->rcu_head queued while page->lru may still be on pgtable_list, left there by the inherited PageTableAlloc/PageTableFree (Gerald, M2)"),

        // Not reported: PGT104 for v1's two halves queueing one rcu_head (two calls of PteFreeDefer). That
        // needs "last reference" reasoning across invocations (PGT004 "Known limitations").
    ];

    public static TheoryData<string> PortFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in PortAnalysis.Files)
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void ThePortCompiles_SoTheAnalyzersSilenceMeansSomething()
    {
        Assert.Empty(PortAnalysis.CompilerErrors.Select(e => e.ToString()));
        Assert.Contains("Designs/IPgtableDesign.cs", PortAnalysis.Files);
        Assert.Contains("Drivers/Munmap.cs", PortAnalysis.Files);
    }

    [Fact]
    public void NoAnalyzerThrows() =>
        Assert.DoesNotContain(PortAnalysis.Diagnostics, d => d.Id == "AD0001");

    [Fact]
    public void EveryExpectationNamesAPortFile() =>
        Assert.All(Expected, e => Assert.Contains(e.File, PortAnalysis.Files));

    [Theory]
    [MemberData(nameof(PortFiles))]
    public void File_CarriesExactlyTheExpectedDiagnostics(string file)
    {
        var expected = Expected
            .Where(e => e.File == file)
            .Select(e => $"{PortAnalysis.LineOf(file, e.Anchor)}: {e.Rule}")
            .Order(StringComparer.Ordinal)
            .ToList();
        var actual = PortAnalysis.Diagnostics
            .Where(d => d.File == file)
            .Select(d => $"{d.Line}: {d.Id}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(expected.SequenceEqual(actual),
            $"{file}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]:\n"
            + string.Join("\n", PortAnalysis.Diagnostics.Where(d => d.File == file).Select(d => $"  {d.Line}: {d.Id} {d.Message}")));
    }

    [Theory]
    [InlineData("Designs/V66PageActive.cs")]
    [InlineData("Designs/V68FullPage.cs")]
    [InlineData("Fragments/ListAssertions.cs")]
    public void MergedDesigns_AreCleanWithoutSuppressions(string file)
    {
        var text = File.ReadAllText(Path.Combine(PortAnalysis.SourceRoot, file));

        Assert.DoesNotContain("#pragma warning disable PGT", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SuppressMessage", text, StringComparison.Ordinal);
        Assert.DoesNotContain(PortAnalysis.Diagnostics, d => d.File == file);
    }

    [Fact]
    public void TheMergedDesign_StatesWhatTheAnalysisCannotSee_WithAnAssumesReleasedHelper()
    {
        var text = File.ReadAllText(Path.Combine(PortAnalysis.SourceRoot, "Designs/V66PageActive.cs"));

        Assert.Contains("ListAssertions.AssumeOffList(page.Lru);", text, StringComparison.Ordinal);
    }
}
