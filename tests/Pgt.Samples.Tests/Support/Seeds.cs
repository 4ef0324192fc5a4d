namespace Pgt.Samples.Tests.Support;

/// <summary>The seeds every sample is explored with besides the default one.</summary>
public static class Seeds
{
    /// <summary>The default seed of <c>pgt check</c> (what the README's main command runs).</summary>
    public const ulong Default = 0;

    /// <summary>Twenty other seeds, 1 to 20, fixed so that a failure is reproducible: <c>pgt check FILE --seed N</c>.</summary>
    public static IReadOnlyList<ulong> Others { get; } = [.. Enumerable.Range(1, 20).Select(seed => (ulong)seed)];

    /// <summary>
    /// Executions per clean scenario for the other seeds (the default seed gets the command's own budget). A
    /// clean scenario uses its whole budget, so this bounds the test's run time; a buggy scenario stops at its
    /// first finding and keeps the command's budget, so its finding must come as soon as on the default run.
    /// </summary>
    public const int CleanBudgetForOtherSeeds = 100;
}
