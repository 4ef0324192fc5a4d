// SPDX-License-Identifier: GPL-2.0
// Invariants of the s390 fragment list (arch/s390/mm/pgalloc.c), stated for the static analysis.

using Pgt.Emulator.Kernel;
using PgtAnalyzers.Annotations;

namespace Pgt.S390.Fragments;

/// <summary>
/// Facts the kernel's invariants guarantee but the flow analysis cannot derive from the bit arithmetic,
/// stated as assertions instead of suppressions (think <c>lockdep_assert_held</c>). They do nothing at run
/// time: the emulator's own checkers verify the same facts (a still-listed page is reported at release).
/// </summary>
public static class ListAssertions
{
    /// <summary>
    /// <paramref name="lru"/> links the page into no list: from here on its words may be used as the
    /// <c>rcu_head</c> they overlay.
    /// </summary>
    public static void AssumeOffList([AssumesReleased] ListHead lru) => _ = lru;
}
