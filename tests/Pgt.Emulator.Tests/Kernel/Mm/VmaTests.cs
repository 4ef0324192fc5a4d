using Pgt.Emulator.Exploration;
using Pgt.Emulator.Kernel;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>mmap_write_downgrade, VMA detach and the file's i_mmap: what keeps walkers out of tables being freed.</summary>
public class VmaTests
{
    private const ulong Region = 1UL << PageTableBits.PmdShift;

    /// <summary>
    /// munmap's shape: detach under the write lock, downgrade, free. A reader that takes the lock and looks its
    /// VMA up either runs before the detach (finds it) or after (does not), never between.
    /// </summary>
    [Fact]
    public void AReaderAfterTheDowngrade_FindsTheVmaGone()
    {
        var seen = new SortedSet<string>();
        KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            var freed = m.AllocPage().PhysAddr;
            m.Spawn("munmap", () =>
            {
                m.MmapWriteLock(mm);
                m.VmaDetach(mm, Region);
                m.MmapWriteDowngrade(mm);
                m.Store(freed, 1);
                m.MmapReadUnlock(mm);
            });
            m.Spawn("fault", () =>
            {
                m.MmapReadLock(mm);
                var found = m.FindVma(mm, Region);
                var state = m.Load(freed);
                m.MmapReadUnlock(mm);
                lock (seen)
                {
                    seen.Add($"{found}/{state}");
                }
            });
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);

        // Found only before munmap started freeing; after the downgrade the reader runs beside the free, VMA gone.
        Assert.Equal(["False/0", "False/1", "True/0"], seen);
    }

    [Fact]
    public void TheDowngradedHolder_StillKeepsWritersOut()
    {
        var order = new List<string>();
        KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            m.Spawn("munmap", () =>
            {
                m.MmapWriteLock(mm);
                m.MmapWriteDowngrade(mm);
                lock (order)
                {
                    order.Add("downgraded");
                }

                m.MmapReadUnlock(mm);
                lock (order)
                {
                    order.Add("released");
                }
            });
            m.Spawn("writer", () =>
            {
                m.MmapWriteLock(mm);
                lock (order)
                {
                    order.Add(order.Contains("downgraded") && !order.Contains("released") ? "WRONG" : "writer");
                }

                m.MmapWriteUnlock(mm);
            });
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);

        Assert.DoesNotContain("WRONG", order);
    }

    [Fact]
    public void DetachingAVmaWithoutTheWriteLock_IsAnErrorOfTheScenario()
    {
        var result = KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            m.MmapReadLock(mm);
            m.VmaDetach(mm, Region);
        });

        Assert.NotNull(result.FirstFinding);
        Assert.Equal("strand-exception", result.FirstFinding.Finding.Kind);
        Assert.Contains("vma_iter_clear needs mmap_write_lock", Pgt.Emulator.Reports.TextReportWriter.Render(result.FirstFinding));
    }

    [Fact]
    public void FindVmaWithoutTheMmapLock_IsAnErrorOfTheScenario()
    {
        var result = KernelRuns.Once(m => m.FindVma(m.MmAlloc(), Region));

        Assert.NotNull(result.FirstFinding);
        Assert.Contains("find_vma needs mmap_lock", Pgt.Emulator.Reports.TextReportWriter.Render(result.FirstFinding));
    }

    /// <summary>free_pgtables' unlink_file_vma under i_mmap_lock_write: retract_page_tables holding the read lock sees the VMA or not, never half.</summary>
    [Fact]
    public void UnlinkFileVma_ExcludesAnRmapWalkerHoldingIMmapRead()
    {
        var seen = new SortedSet<string>();
        KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            m.Spawn("free_pgtables", () => m.UnlinkFileVma(mm, Region));
            m.Spawn("retract", () =>
            {
                m.IMmapLockRead(mm);
                var before = m.VmaLinkedToFile(mm, Region);
                var after = m.VmaLinkedToFile(mm, Region);
                m.IMmapUnlockRead(mm);
                lock (seen)
                {
                    seen.Add($"{before}/{after}");
                }
            });
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);

        Assert.Equal(["False/False", "True/True"], seen);
    }

    /// <summary>mremap's copy_vma: after a munmap the region is gone from the tree and the file; vma_link puts it back in both, and an rmap walker sees it whole or not at all.</summary>
    [Fact]
    public void VmaLink_LinksTheRegionIntoTheTreeAndTheFile()
    {
        var seen = new SortedSet<string>();
        var linked = false;
        KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            m.MmapWriteLock(mm);
            m.VmaDetach(mm, Region);
            m.UnlinkFileVma(mm, Region);
            m.MmapWriteUnlock(mm);
            m.Spawn("mremap", () =>
            {
                m.MmapWriteLock(mm);
                m.VmaLink(mm, Region);
                var found = m.FindVma(mm, Region);
                m.MmapWriteUnlock(mm);
                lock (seen)
                {
                    linked = found;
                }
            });
            m.Spawn("retract", () =>
            {
                m.IMmapLockRead(mm);
                var before = m.VmaLinkedToFile(mm, Region);
                var after = m.VmaLinkedToFile(mm, Region);
                m.IMmapUnlockRead(mm);
                lock (seen)
                {
                    seen.Add($"{before}/{after}");
                }
            });
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);

        Assert.True(linked);
        Assert.Equal(["False/False", "True/True"], seen);
    }

    [Fact]
    public void LinkingAVmaWithoutTheWriteLock_IsAnErrorOfTheScenario()
    {
        var result = KernelRuns.Once(m => m.VmaLink(m.MmAlloc(), Region));

        Assert.NotNull(result.FirstFinding);
        Assert.Equal("strand-exception", result.FirstFinding.Finding.Kind);
        Assert.Contains("vma_link needs mmap_write_lock", Pgt.Emulator.Reports.TextReportWriter.Render(result.FirstFinding));
    }
}
