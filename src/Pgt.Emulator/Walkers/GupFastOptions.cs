namespace Pgt.Emulator.Walkers;

/// <summary>Variants of the gup_fast walk, for scenarios that model older or broken kernels.</summary>
public sealed record GupFastOptions
{
    public static GupFastOptions Default { get; } = new();

    /// <summary>Re-read <c>*pmdp</c> after grabbing each page and bail on a change (catalogue #17 when false).</summary>
    public bool RecheckPmd { get; init; } = true;

    /// <summary>v6.5+: <c>pte_offset_map</c> nests an rcu_read_lock inside the irq-off section.</summary>
    public bool NestRcuReadLock { get; init; } = true;

    /// <summary>Drop the pins before returning (the caller would put_page them after using the pages).</summary>
    public bool Unpin { get; init; } = true;
}

/// <summary>What gup_fast pinned: the pfns of the data pages, in address order.</summary>
public sealed record GupFastResult(IReadOnlyList<ulong> Pfns)
{
    public int Pinned => Pfns.Count;
}
