namespace Pgt.Emulator.Exploration.Strands;

/// <summary>
/// The default back-end: each strand runs on an OS thread taken from a small pool that lives as long as
/// the back-end, so executions do not pay for thread creation. A decision that keeps the running strand
/// never reaches this class; only switches cost a semaphore release and wait.
/// </summary>
public sealed class ThreadStrandBackend : IStrandBackend
{
    private readonly Stack<ThreadCarrier> _idle = new();
    private readonly List<ThreadCarrier> _all = new();
    private readonly SemaphoreSlim _controller = new(0);
    private readonly object _gate = new();
    private readonly int _stackSize;
    private bool _disposed;

    /// <param name="stackSize">Stack size of each strand thread in bytes (0: the runtime default).</param>
    public ThreadStrandBackend(int stackSize = 0) => this._stackSize = stackSize;

    /// <summary>Threads created so far (a runaway strand's thread is replaced, so this can grow).</summary>
    public int ThreadsCreated
    {
        get
        {
            lock (_gate)
            {
                return _all.Count;
            }
        }
    }

    public IStrandCarrier Launch(Action body)
    {
        ThreadCarrier carrier;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_idle.TryPop(out carrier!))
            {
                carrier = new ThreadCarrier(this, _all.Count, _stackSize);
                _all.Add(carrier);
            }
        }

        carrier.Assign(body);
        return carrier;
    }

    public bool WaitForController(TimeSpan timeout) => _controller.Wait(timeout);

    public void ReturnToController() => _controller.Release();

    /// <summary>Called by a carrier whose strand has ended, before it waits for its next body.</summary>
    internal void ReturnToPool(ThreadCarrier carrier)
    {
        lock (_gate)
        {
            if (!_disposed && !carrier.IsAbandoned)
            {
                _idle.Push(carrier);
            }
        }
    }

    public void Dispose()
    {
        List<ThreadCarrier> carriers;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            carriers = new List<ThreadCarrier>(_all);
            _idle.Clear();
        }

        // The semaphores are not disposed: an abandoned runaway thread may still touch its own later.
        foreach (var carrier in carriers)
        {
            carrier.Stop();
        }
    }
}
