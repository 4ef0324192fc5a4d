namespace Pgt.Emulator.Exploration;

/// <summary>What a recorded decision chose.</summary>
public enum DecisionKind : byte
{
    /// <summary>Which strand runs next, taken at a scheduling point.</summary>
    Strand,

    /// <summary>A <see cref="IExecution.ChooseBool"/> data choice.</summary>
    Bool,

    /// <summary>A <see cref="IExecution.ChooseInt"/> data choice.</summary>
    Int,
}
