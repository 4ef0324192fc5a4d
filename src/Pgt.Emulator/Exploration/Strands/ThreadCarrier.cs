namespace Pgt.Emulator.Exploration.Strands;

/// <summary>One pooled OS thread that runs strand bodies, one after another, under the baton.</summary>
internal sealed class ThreadCarrier : IStrandCarrier
{
    private readonly ThreadStrandBackend owner;
    private readonly SemaphoreSlim baton = new(0);
    private readonly Thread thread;
    private Action? body;
    private volatile bool abandoned;
    private volatile bool stopping;

    public ThreadCarrier(ThreadStrandBackend owner, int number, int stackSize)
    {
        this.owner = owner;
        // Background: a runaway strand must never keep the process alive.
        thread = new Thread(Loop, stackSize) { IsBackground = true, Name = $"pgt-strand-{number}" };
        thread.Start();
    }

    public int ThreadId => thread.ManagedThreadId;

    public bool IsAbandoned => abandoned;

    /// <summary>Sets the body run at the next <see cref="Resume"/>; the semaphore orders the write before the read.</summary>
    public void Assign(Action next) => body = next;

    public void Resume() => baton.Release();

    public void Park() => baton.Wait();

    public void Abandon() => abandoned = true;

    public void Stop()
    {
        stopping = true;
        if (!abandoned)
        {
            baton.Release();
        }
    }

    private void Loop()
    {
        while (true)
        {
            baton.Wait();
            if (stopping || abandoned)
            {
                return;
            }

            var run = body;
            body = null;
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
            if (abandoned)
            {
                return;
            }

            owner.ReturnToPool(this);
        }
    }
}
