using System.Collections.Immutable;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>
/// What an unannotated method's body does to its parameters, by ordinal (<see cref="MethodSummaries"/>).
/// A summary cut short by a cap knows only what it found before the cap, and says why in <see cref="GaveUp"/>.
/// </summary>
internal sealed class MethodSummary
{
    public static readonly MethodSummary Empty = new(ImmutableArray<ImmutableArray<InferredEffect>>.Empty, gaveUp: null);

    public MethodSummary(ImmutableArray<ImmutableArray<InferredEffect>> byParameter, GiveUpReason? gaveUp)
    {
        ByParameter = byParameter;
        GaveUp = gaveUp;
    }

    public ImmutableArray<ImmutableArray<InferredEffect>> ByParameter { get; }

    /// <summary>Set when a depth or size cap left the summary (or one it relies on) incomplete: counted, never reported.</summary>
    public GiveUpReason? GaveUp { get; }

    public static MethodSummary Unknown(GiveUpReason reason) => new(ImmutableArray<ImmutableArray<InferredEffect>>.Empty, reason);

    public ImmutableArray<InferredEffect> Of(int ordinal) =>
        ordinal >= 0 && ordinal < ByParameter.Length ? ByParameter[ordinal] : ImmutableArray<InferredEffect>.Empty;

    /// <summary>The attributes the summary stands for, over every parameter (for the pre-filter).</summary>
    public ParameterContract Contracts
    {
        get
        {
            var found = ParameterContract.None;
            foreach (var effects in ByParameter)
            {
                foreach (var effect in effects)
                {
                    found |= effect.Kind;
                }
            }

            return found;
        }
    }
}
