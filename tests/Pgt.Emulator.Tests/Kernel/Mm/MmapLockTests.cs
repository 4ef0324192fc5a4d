using Pgt.Emulator.Kernel;
using Pgt.Emulator.Rcu;
using Pgt.Emulator.Tests.Kernel.Support;
using Xunit;

namespace Pgt.Emulator.Tests.Kernel;

/// <summary>mm->mmap_lock: a sleeping rw_semaphore (readers share it, a writer excludes everyone).</summary>
public class MmapLockTests
{
    [Fact]
    public void AWriter_ExcludesReaders_SoNoReaderSeesItsIntermediateState()
    {
        var seen = new SortedSet<ulong>();
        KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            var data = m.AllocPage().PhysAddr;
            m.Spawn("writer", () =>
            {
                m.MmapWriteLock(mm);
                m.Store(data, 1);
                m.Store(data, 2);
                m.MmapWriteUnlock(mm);
            });
            m.Spawn("reader", () =>
            {
                m.MmapReadLock(mm);
                var value = m.Load(data);
                m.MmapReadUnlock(mm);
                lock (seen)
                {
                    seen.Add(value);
                }
            });
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);

        Assert.Equal([0UL, 2UL], seen);
    }

    [Fact]
    public void Readers_ShareIt()
    {
        var most = 0UL;
        KernelRuns.Explore(m =>
        {
            var mm = m.MmAlloc();
            for (var i = 0; i < 2; i++)
            {
                m.Spawn($"reader/{i}", () =>
                {
                    m.MmapReadLock(mm);
                    var holders = m.Load(mm.MmapLock);
                    m.MmapReadUnlock(mm);
                    lock (this)
                    {
                        most = Math.Max(most, holders);
                    }
                });
            }
        }, KernelRuns.Dpor()).AssertClean(exhaustive: true);

        Assert.Equal(2UL, most);
    }

    [Fact]
    public void TheHolder_IsNoRcuReader_SoItMayWaitForAGracePeriod() =>
        KernelRuns.Once(m =>
        {
            var mm = m.MmAlloc();
            m.MmapWriteLock(mm);
            m.SynchronizeRcu();
            m.MmapWriteUnlock(mm);
        }).AssertClean();
}
