using Pgt.Emulator.Checkers;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

public class MmLifetimeTests
{
    /// <summary>v2's relink from the callback (catalogue #7): the callback locks the mm it found in pt_mm.</summary>
    private static void CallbackLocksPtMm(Machine m, bool pinned)
    {
        var mm = m.MmAlloc();
        var page = m.AllocPage();
        m.Store(page.PtMm, mm.Address);
        if (pinned)
        {
            m.Mmgrab(mm);
        }

        m.CallRcu(page.RcuHead, head =>
        {
            var hm = head.Machine;
            var owner = new Mm(hm, hm.Load(Page.FromRcuHead(head).PtMm));
            hm.SpinLockBh(owner.Context.Lock);
            hm.SpinUnlockBh(owner.Context.Lock);
            if (pinned)
            {
                hm.MmdropAsync(owner);
            }
        });
        m.Spawn("exit", () => m.Mmdrop(mm));
    }

    [Fact]
    public void CallbackLockingAnMmThatWasTornDown_IsMmAfterFree()
    {
        var report = KernelRuns.Explore(m => CallbackLocksPtMm(m, pinned: false), KernelRuns.Dpor())
            .AssertFinds(FindingKinds.MmAfterFree);

        Assert.Contains("BUG: KASAN: slab-use-after-free in", report);
        Assert.Contains("mm torn down (__mmdrop) by T", report);
    }

    [Fact]
    public void CallbackWithAPinnedMm_IsClean() =>
        KernelRuns.Explore(m => CallbackLocksPtMm(m, pinned: true), KernelRuns.Dpor()).AssertClean(exhaustive: true);

    [Fact]
    public void FinalMmdropInsideAnRcuCallback_SleepsInAtomic()
    {
        var report = KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            m.CallRcu(m.AllocPage().RcuHead, head => head.Machine.Mmdrop(mm));
        }).AssertFinds(FindingKinds.SleepInAtomic);

        Assert.Contains("use mmdrop_async()", report);
    }
    /// <summary>
    /// An rmap walker (retract_page_tables) takes the file's <c>i_mmap_lock_read</c> while the mm exits:
    /// free_pgtables unlinks the VMA under <c>i_mmap_lock_write</c>, then the last mmdrop frees the mm. The
    /// file's words live in the mm's page in the emulator, but the file outlives the mm: the walker finds no
    /// VMA, and nothing it touches belongs to the mm. The exit touching the mm afterwards still is caught.
    /// </summary>
    [Fact]
    public void RmapWalkerTakingTheFilesLockAfterTheMmExited_IsNotMmAfterFree()
    {
        const ulong region = 1UL << PageTableBits.PmdShift;
        var seen = new SortedSet<bool>();
        KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            m.Spawn("exit", () =>
            {
                m.UnlinkFileVma(mm, region);
                m.Mmdrop(mm);
            });
            m.Spawn("retract_page_tables", () =>
            {
                m.IMmapLockRead(mm);
                var linked = m.VmaLinkedToFile(mm, region);
                if (linked)
                {
                    // The VMA is in the file's tree: exit has not unlinked it, so the mm is alive.
                    m.SpinLock(mm.Context.Lock);
                    m.SpinUnlock(mm.Context.Lock);
                }

                m.IMmapUnlockRead(mm);
                lock (seen)
                {
                    seen.Add(linked);
                }
            });
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);

        Assert.Equal([false, true], seen);
    }
}
