namespace Pgt.Cli.Checking;

/// <summary>Both verdicts of one scenario and whether they match its declaration.</summary>
/// <param name="Scenario">The declaration.</param>
/// <param name="StaticRules">The rule IDs charged to it (sorted, distinct); null with --no-static.</param>
/// <param name="Dynamic">The exploration's outcome.</param>
public sealed record ScenarioResult(ScenarioDeclaration Scenario, IReadOnlyList<string>? StaticRules, DynamicResult Dynamic)
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
}
