using Pgt.Emulator.Exploration;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// What RCU tells about the heads it queues, and asks of them: RCU knows an rcu_head and its callback,
/// never the object that embeds the head. The listener (the page lifetimes) says what else a step on a
/// head touches and reacts to the events.
/// </summary>
internal interface IRcuHeadListener
{
    /// <summary><paramref name="step"/> plus what queueing or taking the callback of <paramref name="head"/> touches besides RCU's own state.</summary>
    Operation WithEmbeddingObject(Operation step, ulong head);

    /// <summary>call_rcu queued <paramref name="head"/> as callback <paramref name="callback"/>, for grace period <paramref name="needed"/>.</summary>
    void HeadQueued(ulong head, int callback, in EventRecord queued, long needed);

    /// <summary>The softirq took callback <paramref name="callback"/> of <paramref name="head"/> and is about to run it.</summary>
    void CallbackStarting(ulong head, int callback);
}
