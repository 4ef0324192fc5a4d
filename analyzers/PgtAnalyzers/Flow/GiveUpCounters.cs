using System.Threading;

namespace PgtAnalyzers.Flow;

/// <summary>
/// How many bodies one analyzer instance gave up on, by <see cref="GiveUpReason"/>. Thread-safe; it only
/// counts, so it never changes what is reported. Hosts (tests, <c>pgt check</c>) read it to tell "clean"
/// from "not analysed".
/// </summary>
public sealed class GiveUpCounters
{
    private readonly int[] _counts = new int[(int)GiveUpReason.InternalError + 1];

    /// <summary>Bodies given up for <paramref name="reason"/> so far.</summary>
    public int this[GiveUpReason reason] => Volatile.Read(ref _counts[(int)reason]);

    /// <summary>Bodies given up for any reason so far.</summary>
    public int Total
    {
        get
        {
            var total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Volatile.Read(ref _counts[i]);
            }

            return total;
        }
    }

    internal void Add(GiveUpReason reason) => Interlocked.Increment(ref _counts[(int)reason]);
}
