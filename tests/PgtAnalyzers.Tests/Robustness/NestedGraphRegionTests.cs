using System.Linq;
using System.Threading.Tasks;
using PgtAnalyzers.Tests.Infrastructure;
using Xunit;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// Roslyn 4.8 gives the graph of a lambda or local function a root region whose EnclosingRegion is the
/// region of the enclosing method the lambda sits in (a try, a using scope). The engine once walked past
/// its own root into those regions and sent the lambda's state to the enclosing method's finally block:
/// an IndexOutOfRangeException when that block's number was beyond the lambda's blocks, wrong flow
/// otherwise. Found by the half-typed sweep on a port mutant (<c>m.CallRcu CallRcu(page.RcuHead, PteFreePgste);</c>
/// inside <c>using var frame = ...</c>, which parses as a local function without a body).
/// </summary>
public sealed class NestedGraphRegionTests
{
    // A lambda passed on does not run here; the local function does, and defers the table it captures (table[4]).
    [Theory]
    [InlineData("RunLater(() => { PteFreeDefer(mm, table); table[0] = PteNone; });", "table[0]")]
    [InlineData("void Later() { PteFreeDefer(mm, table); table[0] = PteNone; } Later();", "table[0]", "table[4]")]
    public async Task NestedBodyInsideAUsingScope_IsAnalysedOnItsOwnGraph(string nested, params string[] written)
    {
        var code = Snippet.InClass($$"""
            void F([RequiresMm] Mm mm, PteTable table, int n)
            {
                using var scope = new System.IO.MemoryStream();
                if (n > 0) table[1] = 1;
                if (n > 1) table[2] = 2;
                if (n > 2) table[3] = 3;
                {{nested}}
                if (n > 3) table[4] = 4;
            }
            """);
        var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, code });
        Assert.Empty(TestCompilation.Errors(compilation));

        var diagnostics = await TestCompilation.AnalyzeAsync(compilation);

        Assert.All(diagnostics, diagnostic => Assert.Equal("PGT001", diagnostic.Id));
        Assert.Equal(
            written,
            diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
    }

    [Fact]
    public async Task LocalFunctionWithoutABodyInsideAUsingScope_NeverThrows()
    {
        var code = RobustnessCorpus.Cases().Single(c => c.Name == "CallTypedTwiceIsABodilessLocalFunction").Code;
        var compilation = await TestCompilation.CreateAsync(new[] { StandInPrelude.Source, code });

        var diagnostics = await TestCompilation.AnalyzeAsync(compilation);

        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        Assert.Contains(diagnostics, d => d.Id == "PGT001");
    }
}
