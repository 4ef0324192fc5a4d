using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Pgt.Emulator.Exploration.Core;

namespace Pgt.Emulator.Exploration.Traces;

/// <summary>
/// One decision as one short line of a trace: <c>T1: W 0x5a08 [T0 T1]</c> (strand T1 picked from T0 and
/// T1; it writes 0x5a08 next), <c>bool: true (batch alloc fails)</c>, <c>int: 2 of 4 (cpu)</c>.
/// Step, actor and preemption are not stored: they follow from the order.
/// </summary>
internal static partial class DecisionCodec
{
    public static string Encode(ScheduleDecision decision)
    {
        switch (decision.Kind)
        {
            case DecisionKind.Strand:
                var text = new StringBuilder();
                text.Append('T').Append(decision.Value.ToString(CultureInfo.InvariantCulture)).Append(": ");
                text.Append(OperationText.Format(decision.Operation)).Append(" [");
                var mask = decision.Enabled;
                var first = true;
                while (mask != 0)
                {
                    var strand = BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    text.Append(first ? "T" : " T").Append(strand.ToString(CultureInfo.InvariantCulture));
                    first = false;
                }

                return text.Append(']').ToString();
            case DecisionKind.Bool:
                return $"bool: {(decision.Value != 0 ? "true" : "false")} ({decision.Label})";
            default:
                return string.Create(CultureInfo.InvariantCulture, $"int: {decision.Value} of {decision.Count} ({decision.Label})");
        }
    }

    /// <summary>Decodes a whole decision list, rebuilding steps and actors; throws <see cref="FormatException"/>.</summary>
    public static List<ScheduleDecision> DecodeAll(IReadOnlyList<string> lines)
    {
        var decisions = new List<ScheduleDecision>(lines.Count);
        var step = 0;
        var actor = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var strand = StrandLine().Match(line);
            if (strand.Success)
            {
                var value = ParseStrand(strand.Groups[1].Value, i);
                var operation = OperationText.Parse(strand.Groups[2].Value)
                    ?? throw new FormatException($"decision {i}: unknown operation '{strand.Groups[2].Value}'");
                ulong enabled = 0;
                foreach (var id in strand.Groups[3].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    enabled |= 1UL << ParseStrand(id.TrimStart('T'), i);
                }

                if ((enabled & (1UL << value)) == 0)
                {
                    throw new FormatException($"decision {i}: T{value} is not in its own enabled set");
                }

                var actorEnabled = actor >= 0 && (enabled & (1UL << actor)) != 0;
                decisions.Add(new ScheduleDecision(DecisionKind.Strand, step, actor, actorEnabled, value, 0, enabled, operation, null));
                actor = value;
                step++;
                continue;
            }

            var data = DataLine().Match(line);
            if (data.Success && actor >= 0)
            {
                var label = data.Groups[4].Value;
                if (data.Groups[1].Value == "bool")
                {
                    var value = data.Groups[2].Value switch
                    {
                        "true" => 1,
                        "false" => 0,
                        _ => throw new FormatException($"decision {i}: a bool is true or false"),
                    };
                    decisions.Add(new ScheduleDecision(DecisionKind.Bool, step, actor, true, value, 2, 0, Operation.Local, label));
                }
                else
                {
                    var value = ParseInt(data.Groups[2].Value, i);
                    var count = data.Groups[3].Success ? ParseInt(data.Groups[3].Value, i) : -1;
                    if (count < 2 || value >= count)
                    {
                        throw new FormatException($"decision {i}: an int choice needs 'V of N' with V < N and N >= 2");
                    }

                    decisions.Add(new ScheduleDecision(DecisionKind.Int, step, actor, true, value, count, 0, Operation.Local, label));
                }

                continue;
            }

            throw new FormatException($"decision {i} is not understood: '{line}'");
        }

        return decisions;
    }

    private static int ParseStrand(string text, int index)
    {
        var value = ParseInt(text, index);
        return value < 64 ? value : throw new FormatException($"decision {index}: strand T{value} is out of range");
    }

    private static int ParseInt(string text, int index) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"decision {index}: '{text}' is not a number");

    [GeneratedRegex(@"^T(\d+): (.+) \[((?:T\d+ ?)*)\]$", RegexOptions.CultureInvariant)]
    private static partial Regex StrandLine();

    [GeneratedRegex(@"^(bool|int): (\w+)(?: of (\d+))? \((.*)\)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex DataLine();
}
