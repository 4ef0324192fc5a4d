// SPDX-License-Identifier: GPL-2.0
// The 2K-fragment tracking byte of arch/s390/mm/pgalloc.c (v6.4 to v6.7, and the 2023 patches).

using Pgt.Emulator.Kernel;

namespace Pgt.S390.Fragments;

/// <summary>
/// A 4K page holds two 2K pte tables; s390 tracks them in the top byte of <c>page->_refcount</c> (bits
/// 24-31, commit 620b4e903179; the real refcount stays below). The legend follows the CODE's bit order:
/// the old "PP  AA" over "01234567" drawing labelled the halves the other way round (Gerald: "Hmm,
/// big-endian?", M17 quoted in M7), and the 12 June draft (M6) and v2 redrew it as "76543210".
/// <code>
///   76543210
///   ..PPHHAA
///   A  0x01 lower half (offset 0) allocated, 0x02 upper half (offset 2K) allocated
///   H  0x04, 0x08 pending free through page->rcu_head (the 12 June draft and v2 of pte_free_defer only)
///   P  0x10, 0x20 pending removal by any method; cleared by __tlb_remove_table or page_table_free
/// </code>
/// A and P are never both set for one half; a half may be handed out only when both are clear. The byte
/// reaching 0 releases the page. AA (0x03) also marks a whole 4K table with PGSTEs (KVM).
/// </summary>
public static class FragmentBits
{
    /// <summary>Where the byte sits in <c>_refcount</c>.</summary>
    public const int Shift = 24;

    /// <summary>A of the lower half; <c>A &lt;&lt; bit</c> for half <c>bit</c>.</summary>
    public const uint A = 0x01;

    /// <summary>Both A bits: a page with no free half, or a pgste 4K table.</summary>
    public const uint AA = 0x03;

    /// <summary>The draft's and v2's H of the lower half: its free is pending through the page's one rcu_head.</summary>
    public const uint H = 0x04;

    /// <summary>P of the lower half: its removal is pending.</summary>
    public const uint P = 0x10;

    /// <summary>The tracking byte of a <c>_refcount</c> value read by <c>atomic_read</c>/<c>atomic_xor_bits</c>.</summary>
    public static uint MaskOf(uint refcount) => refcount >> Shift;

    /// <summary><paramref name="bits"/> (given for the lower half) of half <paramref name="bit"/>, in the byte.</summary>
    public static uint OfHalf(uint bits, int bit) => bits << bit;

    /// <summary><paramref name="bits"/> of half <paramref name="bit"/>, placed in <c>_refcount</c> for <c>atomic_xor_bits</c>.</summary>
    public static uint Bits(uint bits, int bit) => bits << (bit + Shift);

    /// <summary>Half <paramref name="bit"/> (0 lower, 1 upper) of the 4K page starting at <paramref name="page"/>.</summary>
    public static PteTable HalfOf(Page page, int bit) =>
        new(page.Machine, page.PhysAddr + (ulong)bit * PageTableBits.PteTableSize);
}
