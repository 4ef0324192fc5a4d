namespace Pgt.Emulator.Exploration.Strands;

/// <summary>One pooled OS thread that runs strand bodies, one after another, under the baton.</summary>
internal sealed class ThreadCarrier : IStrandCarrier
{
    private readonly ThreadStrandBackend _owner;
    private readonly SemaphoreSlim _baton = new(0);
    private readonly Thread _thread;
    private Action? _body;
    private volatile bool _abandoned;
    private volatile bool _stopping;

    public ThreadCarrier(ThreadStrandBackend owner, int number, int stackSize)
    {
        this._owner = owner;
        // Background: a runaway strand must never keep the process alive.
        _thread = new Thread(Loop, stackSize) { IsBackground = true, Name = $"pgt-strand-{number}" };
        _thread.Start();
    }

    public int ThreadId => _thread.ManagedThreadId;

    public bool IsAbandoned => _abandoned;

    /// <summary>Sets the body run at the next <see cref="Resume"/>; the semaphore orders the write before the read.</summary>
    public void Assign(Action next) => _body = next;

    public void Resume() => _baton.Release();

    public void Park() => _baton.Wait();

    public void Abandon() => _abandoned = true;

    public void Stop()
    {
        _stopping = true;
        if (!_abandoned)
        {
            _baton.Release();
        }
    }

    private void Loop()
    {
        while (true)
        {
            _baton.Wait();
            if (_stopping || _abandoned)
            {
                return;
            }

            var run = _body;
            _body = null;
            try
            {
                // The explorer's strand wrapper: it turns everything into an outcome and has passed the
                // baton on by the time it returns.
                run?.Invoke();
            }
            catch (Exception)
            {
                // Only an explorer defect gets here; an unhandled exception would take the whole process down.
                Abandon();
            }
            if (_abandoned)
            {
                return;
            }

            _owner.ReturnToPool(this);
        }
    }
}
