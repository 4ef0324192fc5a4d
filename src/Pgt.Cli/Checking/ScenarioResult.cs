using Pgt.Cli.Static;

namespace Pgt.Cli.Checking;

/// <summary>Both verdicts of one scenario and whether they match its declaration.</summary>
/// <param name="Scenario">The declaration.</param>
/// <param name="StaticRules">The rule IDs charged to it (sorted, distinct); null with --no-static.</param>
/// <param name="Dynamic">The exploration's outcome.</param>
/// <param name="StaticDiagnostics">The diagnostics charged to it (the same instances as the report's); null with --no-static.</param>
/// <param name="StaticSkipped">The members charged to it whose bodies the analyzers skipped; null with --no-static.</param>
public sealed record ScenarioResult(
    ScenarioDeclaration Scenario,
    IReadOnlyList<string>? StaticRules,
    DynamicResult Dynamic,
    IReadOnlyList<StaticDiagnostic>? StaticDiagnostics = null,
    IReadOnlyList<SkippedBodies>? StaticSkipped = null)
{
    /// <summary>Why the outcome does not match the declaration, one short reason per half; empty when it matches.</summary>
    public IReadOnlyList<string> Mismatches
    {
        get
        {
            var reasons = new List<string>();
            var expected = Scenario.Expected;
            if (StaticRules is not null && !StaticRules.SequenceEqual(expected.Rules, StringComparer.Ordinal))
            {
                reasons.Add($"static: expected {expected.DescribeStatic()}, got {(StaticRules.Count == 0 ? "clean" : string.Join(",", StaticRules))}");
            }

            switch (Dynamic.Status)
            {
                case DynamicStatus.Skipped:
                    break;
                case DynamicStatus.Finding when Dynamic.Finding!.Finding.Kind == expected.Finding:
                    break;
                case DynamicStatus.Clean when expected.Finding is null:
                    break;
                case DynamicStatus.Finding or DynamicStatus.Clean:
                    reasons.Add($"dynamic: expected {expected.DescribeDynamic()}, got {Dynamic.Describe()}");
                    break;
                default:
                    reasons.Add($"dynamic: {Dynamic.Describe()} before the exploration finished");
                    break;
            }

            return reasons;
        }
    }

    public bool Matches => Mismatches.Count == 0;

    /// <summary>What the Static column shows: the rules or clean, then what was skipped (<c>clean (1 body skipped: over budget)</c>).</summary>
    public string DescribeStatic()
    {
        if (StaticRules is null)
        {
            return "skipped";
        }

        var verdict = StaticRules.Count == 0 ? "clean" : string.Join(",", StaticRules);
        return StaticSkipped is { Count: > 0 } skipped ? $"{verdict} ({SkippedBodies.Summarize(skipped)})" : verdict;
    }
}
