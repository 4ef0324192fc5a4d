using System.Globalization;

namespace Pgt.Emulator.Exploration;

/// <summary>
/// One part of an exploration split across processes (<c>--shard 2/4</c>): random and PCT shard k runs
/// what worker k of a <c>Count</c>-worker portfolio runs; DFS and DPOR shard k explores the subtrees below
/// the split level whose number is k modulo <c>Count</c> (see <see cref="Explorer"/>).
/// </summary>
/// <param name="Index">0-based.</param>
/// <param name="Count">How many shards the exploration is split into.</param>
public readonly record struct ExplorationShard(int Index, int Count)
{
    /// <summary>The most shards one exploration may be split into.</summary>
    public const int MaxCount = 4096;

    /// <summary>Parses the 1-based <c>i/n</c> form; null when the text is not of that form or out of range.</summary>
    public static ExplorationShard? TryParse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count is < 1 or > MaxCount
            || number < 1
            || number > count)
        {
            return null;
        }

        return new ExplorationShard(number - 1, count);
    }

    /// <summary>Whether the subtree (or portfolio worker) numbered <paramref name="unit"/> belongs to this shard.</summary>
    public bool Owns(long unit) => unit % Count == Index;

    /// <summary>The 1-based <c>i/n</c> form.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index + 1}/{Count}");
}
