namespace Pgt.Emulator.Kernel;

/// <summary>
/// The emulated physical address map. Pointers are these addresses (<c>ulong</c>), never C# references,
/// so a corrupted pointer really points somewhere wrong. s390 maps the kernel 1:1, so a physical address
/// is also the kernel virtual address (<c>__va(pa) == pa</c>).
/// <code>
/// 0x0000            pfn 0: never allocated, so NULL and small offsets from it fault
/// 0x1000            vmemmap: one 64-byte struct page per pfn, at VmemmapBase + pfn * 64
/// FirstAllocatable  pages the allocator hands out
/// KernelTextBase    function addresses stored in rcu_head.func (outside memory: not readable)
/// </code>
/// </summary>
public static class PhysicalLayout
{
    public const int PageShift = 12;
    public const ulong PageSize = 1UL << PageShift;
    public const ulong PageMask = ~(PageSize - 1);
    public const int WordsPerPage = 512;
    public const int WordSize = 8;

    /// <summary>sizeof(struct page) on 64-bit: eight words.</summary>
    public const ulong StructPageSize = 64;

    public const ulong VmemmapBase = 0x1000;

    /// <summary>Emulated addresses of functions (RCU callbacks); outside memory, as kernel text is to KASAN.</summary>
    public const ulong KernelTextBase = 0x0000_7f00_0000_0000;

    /// <summary>Bytes between two registered function addresses.</summary>
    public const ulong FunctionStride = 0x100;

    /// <summary>Number of vmemmap pages needed to describe <paramref name="pageCount"/> pages.</summary>
    public static int VmemmapPages(int pageCount) =>
        (int)(((ulong)pageCount * StructPageSize + PageSize - 1) / PageSize);

    /// <summary>The first pfn the page allocator may hand out.</summary>
    public static ulong FirstAllocatablePfn(int pageCount) => 1 + (ulong)VmemmapPages(pageCount);

    public static ulong StructPageAddress(ulong pfn) => VmemmapBase + pfn * StructPageSize;

    public static ulong PhysToPfn(ulong pa) => pa >> PageShift;

    public static ulong PfnToPhys(ulong pfn) => pfn << PageShift;
}
