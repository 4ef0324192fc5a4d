using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Pgt.Cli.Tests.Support;

namespace Pgt.Cli.Tests.Output;

/// <summary>pgt check --format sarif is valid SARIF 2.1.0 (checked against the OASIS JSON schema) with both kinds of result.</summary>
public sealed class SarifTests
{
    private static readonly JsonSchema Sarif = JsonSchema.FromFile(TestFiles.Schema("sarif-schema-2.1.0.json"));

    [Fact]
    public void Sarif_ValidatesAgainstTheSarif210Schema()
    {
        var result = RunSarif();

        var evaluation = Validate(result.Stdout);

        Assert.True(evaluation.IsValid, Describe(evaluation));
    }

    [Fact]
    public void Validator_RejectsABrokenDocument()
    {
        // Proves the schema check can fail: a wrong version and a result without a message.
        var document = JsonNode.Parse(RunSarif().Stdout)!;
        document["version"] = "2.0.0";
        document["runs"]![0]!["results"]![0]!.AsObject().Remove("message");

        Assert.False(Validate(document.ToJsonString()).IsValid);
    }

    [Fact]
    public void Sarif_HasTheRulesWithHelpLinksAndBothKindsOfResult()
    {
        using var document = JsonDocument.Parse(RunSarif().Stdout);
        var run = document.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var ruleIds = rules.Select(rule => rule.GetProperty("id").GetString()).ToList();

        Assert.Equal(["PGT001", "PGT002", "PGT003", "PGT004", "PGT101", "PGT102", "PGT103", "PGT104", "EMU-lost-update"], ruleIds);
        Assert.All(rules.Take(8), rule => Assert.EndsWith(".md", rule.GetProperty("helpUri").GetString(), StringComparison.Ordinal));

        var results = run.GetProperty("results").EnumerateArray().ToList();
        var pgt001 = Assert.Single(results, r => r.GetProperty("ruleId").GetString() == "PGT001");
        var place = pgt001.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.EndsWith("Static/WriteAfterDefer.cs", place.GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(33, place.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(32, pgt001.GetProperty("relatedLocations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());

        var dynamic = results.Where(r => r.GetProperty("ruleId").GetString() == "EMU-lost-update").ToList();
        Assert.Equal(3, dynamic.Count);
        var racy = Assert.Single(dynamic, r => r.GetProperty("properties").GetProperty("scenario").GetString() == "RacyIncrement");
        var declaration = racy.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.EndsWith("Outcomes/LostUpdate.cs", declaration.GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, declaration.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.True(racy.GetProperty("properties").GetProperty("expected").GetBoolean());
        Assert.Contains("BUG: EMU: lost-update", racy.GetProperty("properties").GetProperty("report").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectedFindings_AreSuppressedInSourceByTheirScenario_MismatchesStayErrors()
    {
        using var document = JsonDocument.Parse(RunSarif().Stdout);
        var results = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();

        // Declared by [Scenario(..., ExpectFinding = "lost-update")]: suppressed, naming the declaration.
        var racy = Assert.Single(results, r => Scenario(r) == "RacyIncrement");
        var suppression = Assert.Single(racy.GetProperty("suppressions").EnumerateArray());
        Assert.Equal("inSource", suppression.GetProperty("kind").GetString());
        Assert.Equal("accepted", suppression.GetProperty("status").GetString());
        Assert.Matches(@"^expected: the \[Scenario\] declaration of RacyIncrement \(\S*Outcomes/LostUpdate\.cs:10\) declares ExpectFinding = ""lost-update""$", suppression.GetProperty("justification").GetString());
        Assert.Equal(10, suppression.GetProperty("location").GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());

        // Declared by ExpectRules = new[] { "PGT001" }: suppressed too.
        var pgt001 = Assert.Single(results, r => r.GetProperty("ruleId").GetString() == "PGT001");
        Assert.Contains("WritesAfterDefer", Assert.Single(pgt001.GetProperty("suppressions").EnumerateArray()).GetProperty("justification").GetString(), StringComparison.Ordinal);

        // A finding nobody declared is a mismatch: an error without suppression.
        var undeclared = Assert.Single(results, r => Scenario(r) == "RaceNobodyExpects");
        Assert.Equal("error", undeclared.GetProperty("level").GetString());
        Assert.False(undeclared.TryGetProperty("suppressions", out _));
        Assert.False(undeclared.GetProperty("properties").GetProperty("expected").GetBoolean());
    }

    private static string? Scenario(JsonElement result) =>
        result.TryGetProperty("properties", out var properties) && properties.TryGetProperty("scenario", out var scenario) ? scenario.GetString() : null;

    private static PgtResult RunSarif()
    {
        var result = PgtRunner.Run("check", "--format", "sarif", "--iterations", "300", TestFiles.Scenario("Outcomes"), TestFiles.Scenario("Static/WriteAfterDefer.cs"));
        Assert.True(result.ExitCode == ExitCodes.Mismatch, result.ToString());
        return result;
    }

    /// <summary>Evaluates the document against the SARIF 2.1.0 schema (registered once per process).</summary>
    internal static EvaluationResults Validate(string json) =>
        Sarif.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

    private static string Describe(EvaluationResults evaluation) =>
        string.Join("\n", (evaluation.Details ?? []).Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}")));
}
