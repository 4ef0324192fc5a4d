namespace Pgt.Emulator.Scenarios;

/// <summary>
/// Marks a <c>public static void Name(Machine machine)</c> method as a scenario: it sets up the emulated
/// machine (mms, tables, CPUs) and starts strands. <c>pgt check</c> runs the analyzers over its code and
/// explores its interleavings, then compares both verdicts with what the scenario declares here, so the
/// sample suite checks itself. A scenario that declares nothing is expected clean.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ScenarioAttribute : Attribute
{
    public ScenarioAttribute(string description)
    {
        Description = description;
    }

    /// <summary>One line saying what the scenario models, for the summary table.</summary>
    public string Description { get; }

    /// <summary>
    /// The finding kind the explorer must report (one of the kernel checkers' kinds, for instance
    /// <c>reuse-before-grace-period</c>); null when every execution must stay clean.
    /// </summary>
    public string? ExpectFinding { get; set; }

    /// <summary>The rule IDs the analyzers must report on the scenario's code (for instance <c>PGT001</c>); empty when none.</summary>
    public string[] ExpectRules { get; set; } = [];
}
