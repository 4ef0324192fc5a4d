namespace Pgt.Emulator.Kernel;

/// <summary>
/// Words of the emulated mm_struct (one page each, never reused so that a use after teardown is always
/// caught). Only what the s390 page-table code needs.
/// </summary>
public static class MmLayout
{
    public const int Users = 0;
    public const int Count = 1;
    public const int ContextLock = 2;
    public const int PgtableListNext = 3;
    public const int PgtableListPrev = 4;
    public const int Pgd = 5;
    public const int ContextFlags = 6;
    public const int NrPtes = 7;
    public const int Serial = 8;

    /// <summary>context.flags bit: the mm has PGSTEs (KVM guest), tables take a whole 4K page.</summary>
    public const ulong HasPgste = 1;

    /// <summary>context.flags bit: allocate PGSTE tables (mm_alloc_pgste).</summary>
    public const ulong AllocPgste = 2;

    public static View ViewOf(int word) => word switch
    {
        Users => View.MmUsers,
        Count => View.MmCount,
        ContextLock => View.ContextLock,
        PgtableListNext => View.PgtableListNext,
        PgtableListPrev => View.PgtableListPrev,
        Pgd => View.MmPgd,
        ContextFlags => View.ContextFlags,
        NrPtes => View.MmNrPtes,
        Serial => View.MmId,
        _ => View.Data,
    };
}
