// SPDX-License-Identifier: GPL-2.0
// Ports __tlb_flush_mm_lazy() of arch/s390/include/asm/tlbflush.h (v6.4).

using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using PgtAnalyzers.Annotations;

namespace Pgt.S390.Drivers;

/// <summary>
/// A plain <c>spin_lock(&amp;mm->context.lock)</c> user in process context with softirqs on: on a context
/// switch <c>finish_arch_post_lock_switch</c> calls <c>__tlb_flush_mm_lazy</c>. An RCU callback that takes
/// the same lock from softirq deadlocks against it on the same CPU (Gerald's RCU stall, M9).
/// </summary>
public static class TlbFlush
{
    /// <summary>__tlb_flush_mm_lazy(mm): flush if a flush was deferred, under <c>context.lock</c>.</summary>
    public static void TlbFlushMmLazy(Machine m, [RequiresMm] Mm mm)
    {
        ArgumentNullException.ThrowIfNull(m);
        using var frame = m.Enter("__tlb_flush_mm_lazy");
        m.SpinLock(mm.Context.Lock);
        // mm->context.flush_mm: the flush itself touches no memory the emulator models.
        _ = m.Load(mm.Context.Flags);
        m.SpinUnlock(mm.Context.Lock);
    }

    /// <summary>Starts a strand that context-switches to <paramref name="mm"/> (a lazy TLB flush).</summary>
    public static StrandId StartContextSwitch(Machine m, [RequiresMm] Mm mm, string name = "context_switch", int? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Spawn(name, () => TlbFlushMmLazy(m, mm), cpu);
    }
}
