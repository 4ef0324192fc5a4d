using System.Text.Json;
using Pgt.Cli;
using Pgt.Samples.Tests.Support;

namespace Pgt.Samples.Tests;

/// <summary>
/// The README's main command, <c>pgt check samples</c>, with its default options (so with the default
/// seed), run in-process: every scenario matches what it declares, on both halves.
/// </summary>
[Collection(SamplesCollection.Name)]
public sealed class MainCommandTests
{
    [Fact]
    public void CheckSamples_WithDefaultOptions_MatchesEveryDeclaration()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var exit = Program.Run(["check", SamplesFolder.Path, "--format", "json"], stdout, stderr);

        using var document = JsonDocument.Parse(stdout.ToString());
        var scenarios = document.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        var mismatches = scenarios.Where(scenario => !scenario.GetProperty("match").GetBoolean())
            .Select(scenario => $"{scenario.GetProperty("name").GetString()}: " +
                string.Join("; ", scenario.GetProperty("mismatches").EnumerateArray().Select(reason => reason.GetString())))
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(exit == ExitCodes.Success, $"exit {exit}: {stderr}");
        Assert.Equal(SamplesFolder.Files().Count, scenarios.Count);
        Assert.Equal(0UL, document.RootElement.GetProperty("options").GetProperty("seed").GetUInt64());
        foreach (var scenario in scenarios)
        {
            // Both halves ran and gave what was declared, not merely "no mismatch".
            var expected = scenario.GetProperty("expected");
            var dynamic = scenario.GetProperty("dynamic");
            var found = dynamic.GetProperty("finding").ValueKind == JsonValueKind.Null
                ? null
                : dynamic.GetProperty("finding").GetProperty("kind").GetString();
            Assert.Equal(expected.GetProperty("finding").GetString(), found);
            Assert.Equal(
                expected.GetProperty("rules").EnumerateArray().Select(rule => rule.GetString()),
                scenario.GetProperty("static").GetProperty("rules").EnumerateArray().Select(rule => rule.GetString()));
        }
    }
}
