using System;
using System.Text;

namespace PgtAnalyzers.Flow;

/// <summary>
/// The values a variable or expression may hold at a point: a small sorted set of value ids. One id
/// other than <see cref="ValueTable.UnknownId"/> means the value is known exactly (a must-alias).
/// </summary>
internal readonly struct ValueSet : IEquatable<ValueSet>
{
    /// <summary>Sets larger than this collapse to Unknown: precision is not worth the cost past it.</summary>
    private const int MaxSize = 8;

    private static readonly int[] UnknownIds = { ValueTable.UnknownId };

    // The sets of one small id, shared: a set's array is never written after it is made, and a single id is
    // made afresh at nearly every evaluation, so sharing saves an allocation each time.
    private static readonly int[][] Singles = CreateSingles(1024);

    private readonly int[]? _ids;

    private ValueSet(int[] ids)
    {
        _ids = ids;
    }

    public static ValueSet Unknown => new ValueSet(UnknownIds);

    public static ValueSet Of(int id) => new ValueSet((uint)id < (uint)Singles.Length ? Singles[id] : new[] { id });

    public int Count => Ids.Length;

    public int this[int index] => Ids[index];

    /// <summary>True when exactly one tracked value is possible.</summary>
    public bool IsSingle => Ids.Length == 1 && Ids[0] != ValueTable.UnknownId;

    public bool IsUnknownOnly => Ids.Length == 1 && Ids[0] == ValueTable.UnknownId;

    /// <summary>False only for <c>default(ValueSet)</c>: a flow state's marker for a variable it has not bound.</summary>
    public bool IsBound => _ids is not null;

    private int[] Ids => _ids ?? UnknownIds;

    public bool Contains(int id) => Array.BinarySearch(Ids, id) >= 0;

    public ValueSet Union(ValueSet other)
    {
        if (Equals(other))
        {
            return this;
        }

        var merged = new int[Ids.Length + other.Ids.Length];
        int i = 0, j = 0, n = 0;
        while (i < Ids.Length || j < other.Ids.Length)
        {
            int next;
            if (j >= other.Ids.Length || (i < Ids.Length && Ids[i] < other.Ids[j]))
            {
                next = Ids[i++];
            }
            else if (i >= Ids.Length || other.Ids[j] < Ids[i])
            {
                next = other.Ids[j++];
            }
            else
            {
                next = Ids[i++];
                j++;
            }

            merged[n++] = next;
        }

        if (n > MaxSize)
        {
            return Unknown;
        }

        // One side held every id: that side is the union, and its array can be shared.
        if (n == Ids.Length)
        {
            return this;
        }

        if (n == other.Ids.Length)
        {
            return other;
        }

        Array.Resize(ref merged, n);
        return new ValueSet(merged);
    }

    private static int[][] CreateSingles(int count)
    {
        var singles = new int[count][];
        for (var id = 0; id < count; id++)
        {
            singles[id] = new[] { id };
        }

        return singles;
    }

    /// <summary>This set without null (what a non-null test or a pattern that rejects null lets through); Unknown if nothing else is left.</summary>
    public ValueSet WithoutNull()
    {
        var result = default(ValueSet);
        var any = false;
        for (var i = 0; i < Count; i++)
        {
            if (this[i] != ValueTable.NullId)
            {
                result = any ? result.Union(Of(this[i])) : Of(this[i]);
                any = true;
            }
        }

        return any ? result : Unknown;
    }

    /// <summary>This set with every id <paramref name="isForgotten"/> selects replaced by Unknown (its tracking ended).</summary>
    public ValueSet Forget(Func<int, bool> isForgotten)
    {
        var any = false;
        foreach (var id in Ids)
        {
            any |= isForgotten(id);
        }

        if (!any)
        {
            return this;
        }

        var result = Unknown;
        foreach (var id in Ids)
        {
            if (!isForgotten(id))
            {
                result = result.Union(Of(id));
            }
        }

        return result;
    }

    /// <summary>This set with <paramref name="from"/> replaced by <paramref name="to"/>.</summary>
    public ValueSet Replace(int from, int to)
    {
        if (!Contains(from))
        {
            return this;
        }

        var result = Of(to);
        foreach (var id in Ids)
        {
            if (id != from)
            {
                result = result.Union(Of(id));
            }
        }

        return result;
    }

    /// <summary>The same set object (not just equal ids): what a no-op <see cref="Replace"/> or <see cref="Forget"/> hands back.</summary>
    public bool IsSameAs(ValueSet other) => ReferenceEquals(_ids, other._ids);

    public bool Equals(ValueSet other)
    {
        var a = Ids;
        var b = other.Ids;
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is ValueSet other && Equals(other);

    public override int GetHashCode()
    {
        var hash = 17;
        foreach (var id in Ids)
        {
            hash = (hash * 31) + id;
        }

        return hash;
    }

    public override string ToString()
    {
        var text = new StringBuilder("{");
        foreach (var id in Ids)
        {
            text.Append(text.Length > 1 ? "," : string.Empty).Append(id);
        }

        return text.Append('}').ToString();
    }
}
