using System.Text.Json.Nodes;
using PgtAnalyzers.Lsp.Tests.Lsp;
using PgtAnalyzers.Package.Tests.Infrastructure;

namespace PgtAnalyzers.Lsp.Tests;

/// <summary>
/// What an editor user sees, through csharp-ls: PGT001 appears when an edit writes a table after
/// <c>PteFreeDefer</c> and disappears when the edit is undone, on the exact span, with the rule's help
/// link; with the client's analyzer setting off it never appears; hover on an attribute shows its docs.
/// </summary>
public sealed class EditorDiagnosticsTests : IClassFixture<LspFixture>
{
    private const string Document = "Code.cs";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private readonly LspFixture _fixture;

    public EditorDiagnosticsTests(LspFixture fixture) => _fixture = fixture;

    [SkippableFact]
    public void Pgt001_AppearsAfterAnEditIntroducesIt_AndDisappearsAfterTheFix()
    {
        Skip.If(_fixture.UnavailableReason is not null, _fixture.UnavailableReason);
        using var session = Open(analyzersEnabled: true);
        Assert.False(session.Opened.Has("PGT001"), session.Opened.Diagnostics.ToJsonString());

        var (buggy, _) = session.Edit(ConsumerFiles.BuggyRetract, diagnostics => Has(diagnostics, "PGT001"), Timeout);

        var pgt001 = Assert.Single(buggy.Diagnostics, diagnostic => diagnostic?["code"]?.GetValue<string>() == "PGT001")!;
        // `table[1]` on line 11 (0-based 10), columns 9-16 (0-based 8-16): the write after the hand-off.
        Assert.Equal(10, pgt001["range"]!["start"]!["line"]!.GetValue<int>());
        Assert.Equal(8, pgt001["range"]!["start"]!["character"]!.GetValue<int>());
        Assert.Equal(16, pgt001["range"]!["end"]!["character"]!.GetValue<int>());
        Assert.Equal(1, pgt001["severity"]!.GetValue<int>()); // Error
        Assert.Equal(RepositoryLayout.RepositoryUrl + "/blob/main/analyzers/docs/PGT001.md", pgt001["codeDescription"]!["href"]!.GetValue<string>());

        var (fixedAgain, _) = session.Edit(ConsumerFiles.CorrectRetract, diagnostics => !Has(diagnostics, "PGT001"), Timeout);

        Assert.DoesNotContain(fixedAgain.Diagnostics, diagnostic => diagnostic?["code"]?.GetValue<string>()?.StartsWith("PGT", StringComparison.Ordinal) == true);
    }

    [SkippableFact]
    public void AnalyzersOffInTheClient_NoPgtDiagnosticAfterTheSameEdit()
    {
        Skip.If(_fixture.UnavailableReason is not null, _fixture.UnavailableReason);
        using var session = Open(analyzersEnabled: false);

        // A compiler error in the same edit proves the server analysed the new text before publishing.
        var buggyWithCompilerError = ConsumerFiles.BuggyRetract.Replace("table[1] = PageTables.PteNone;", "table[1] = PageTables.PteNone; Undefined();", StringComparison.Ordinal);
        var (published, _) = session.Edit(buggyWithCompilerError, diagnostics => Has(diagnostics, "CS0103"), Timeout);

        Assert.False(published.Has("PGT001"), published.Diagnostics.ToJsonString());
    }

    [SkippableFact]
    public void HoverOnAnAttributeUsage_ShowsTheAttributesDocumentation()
    {
        Skip.If(_fixture.UnavailableReason is not null, _fixture.UnavailableReason);
        using var session = Open(analyzersEnabled: false);
        var lines = ConsumerFiles.CorrectRetract.Split('\n');
        var line = Array.FindIndex(lines, text => text.Contains("[RequiresMm]", StringComparison.Ordinal));
        var character = lines[line].IndexOf("RequiresMm", StringComparison.Ordinal) + 2;

        var shown = session.Hover(line, character, Timeout);

        Assert.Contains("RequiresMm", shown, StringComparison.Ordinal);
        Assert.Contains("The argument is the mm whose context", shown, StringComparison.Ordinal);
    }

    private CsharpLsSession Open(bool analyzersEnabled) =>
        CsharpLsSession.Open(_fixture.RepositoryRoot, _fixture.Consumer.FolderPath, Document, ConsumerFiles.CorrectRetract, analyzersEnabled, Timeout);

    private static bool Has(JsonArray diagnostics, string code) =>
        diagnostics.Any(diagnostic => diagnostic?["code"]?.GetValue<string>() == code);
}
