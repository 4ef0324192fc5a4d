namespace Pgt.Emulator.Exploration.Strands;

/// <summary>
/// The default back-end: each strand runs on an OS thread taken from a small pool that lives as long as
/// the back-end, so executions do not pay for thread creation. A decision that keeps the running strand
/// never reaches this class; only switches cost a semaphore release and wait.
/// </summary>
public sealed class ThreadStrandBackend : IStrandBackend
{
    private readonly Stack<ThreadCarrier> idle = new();
    private readonly List<ThreadCarrier> all = new();
    private readonly SemaphoreSlim controller = new(0);
    private readonly object gate = new();
    private readonly int stackSize;
    private bool disposed;

    /// <param name="stackSize">Stack size of each strand thread in bytes (0: the runtime default).</param>
    public ThreadStrandBackend(int stackSize = 0) => this.stackSize = stackSize;

    /// <summary>Threads created so far (a runaway strand's thread is replaced, so this can grow).</summary>
    public int ThreadsCreated
    {
        get
        {
            lock (gate)
            {
                return all.Count;
            }
        }
    }

    public IStrandCarrier Launch(Action body)
    {
        ThreadCarrier carrier;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!idle.TryPop(out carrier!))
            {
                carrier = new ThreadCarrier(this, all.Count, stackSize);
                all.Add(carrier);
            }
        }

        carrier.Assign(body);
        return carrier;
    }

    public bool WaitForController(TimeSpan timeout) => controller.Wait(timeout);

    public void ReturnToController() => controller.Release();

    /// <summary>Called by a carrier whose strand has ended, before it waits for its next body.</summary>
    internal void ReturnToPool(ThreadCarrier carrier)
    {
        lock (gate)
        {
            if (!disposed && !carrier.IsAbandoned)
            {
                idle.Push(carrier);
            }
        }
    }

    public void Dispose()
    {
        List<ThreadCarrier> carriers;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            carriers = new List<ThreadCarrier>(all);
            idle.Clear();
        }

        // The semaphores are not disposed: an abandoned runaway thread may still touch its own later.
        foreach (var carrier in carriers)
        {
            carrier.Stop();
        }
    }
}
