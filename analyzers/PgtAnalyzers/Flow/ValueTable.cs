using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Interns the abstract values of one body, so the same allocation site, parameter or view always gets
/// the same id. Past <see cref="MaxValues"/> new values come back as Unknown: analysis degrades, never fails.
/// </summary>
internal sealed class ValueTable
{
    public const int UnknownId = 0;
    public const int NullId = 1;

    /// <summary>View chains longer than this stop being tracked (a loop walking a list, <c>x = x.Next</c>).</summary>
    public const int MaxViewDepth = 4;

    private const int MaxValues = 4096;

    // Sized for the usual body: on the 100,000-line benchmark corpus 85% of bodies intern fewer than 16
    // values and none 32; a table sized 64 cost 8 MiB of the pass's 624 for nothing.
    private readonly List<TrackedValue> _values = new(16);
    private readonly Dictionary<Key, int> _ids = new(16);

    public ValueTable()
    {
        _values.Add(new TrackedValue(UnknownId, ValueKind.Unknown, null, null, UnknownId, 0, isMmSource: false));
        _values.Add(new TrackedValue(NullId, ValueKind.Null, null, null, UnknownId, 0, isMmSource: false));
    }

    public int Count => _values.Count;

    public TrackedValue this[int id] => _values[id];

    public int Parameter(IParameterSymbol parameter, bool isMmSource) =>
        Intern(new Key(ValueKind.Parameter, parameter, null, UnknownId), isMmSource);

    public int Captured(ILocalSymbol local) =>
        Intern(new Key(ValueKind.Captured, local, null, UnknownId), isMmSource: false);

    public int This() => Intern(new Key(ValueKind.This, null, null, UnknownId), isMmSource: false);

    public int StaticMember(ISymbol member, bool isMmSource) =>
        Intern(new Key(ValueKind.StaticMember, member, null, UnknownId), isMmSource);

    public int Origin(IOperation operation, bool isMmSource) =>
        Intern(new Key(ValueKind.Origin, null, operation, UnknownId), isMmSource);

    /// <summary>A view of <paramref name="parent"/> through <paramref name="member"/> (null for an array element).</summary>
    public int View(int parent, ISymbol? member, IOperation origin, bool isMmSource)
    {
        if (parent == UnknownId || parent == NullId || _values[parent].Depth >= MaxViewDepth)
        {
            // Nothing is known about the memory behind it: a fresh value per site, still an mm or not by its member.
            return Origin(origin, isMmSource);
        }

        return Intern(new Key(ValueKind.View, member, null, parent), isMmSource, origin);
    }

    /// <summary>The result of instance method <paramref name="method"/> called on <paramref name="receiver"/> at <paramref name="call"/>: a view of the receiver, one per call site.</summary>
    public int CallResult(int receiver, IMethodSymbol method, IOperation call)
    {
        if (receiver == UnknownId || receiver == NullId || _values[receiver].Depth >= MaxViewDepth)
        {
            return Origin(call, isMmSource: false);
        }

        return Intern(new Key(ValueKind.View, method, call, receiver), isMmSource: false);
    }

    /// <summary>
    /// The summary of the objects <paramref name="id"/> stood for on earlier paths (earlier loop iterations)
    /// once a variable that held it holds a new object there: same kind, parent and origin, so it is still
    /// a view of what <paramref name="id"/> was a view of. Older than older is the same summary.
    /// </summary>
    public int Older(int id)
    {
        var value = _values[id];
        if (value.IsOlder)
        {
            return id;
        }

        var key = new Key(value.Kind, value.Symbol, value.IsPerEvaluation ? value.Origin : null, value.Parent, older: true);
        return Intern(key, value.IsMmSource, value.Origin);
    }

    /// <summary>
    /// True when nothing can reach <paramref name="id"/> again: neither it nor anything obtained from it is in
    /// <paramref name="held"/> (what the variables hold), and the way back to a held value passes through a
    /// per-evaluation value (<see cref="TrackedValue.IsPerEvaluation"/>). Its facts can no longer matter.
    /// </summary>
    public bool IsUnreachable(int id, HashSet<int> held)
    {
        var perEvaluation = false;
        for (var current = id; current != UnknownId; current = _values[current].Parent)
        {
            if (held.Contains(current))
            {
                return perEvaluation;
            }

            perEvaluation |= _values[current].IsPerEvaluation;
        }

        return perEvaluation;
    }

    /// <summary><paramref name="id"/> and every value it was obtained from, nearest first.</summary>
    public IEnumerable<int> SelfAndAncestors(int id)
    {
        for (var current = id; current != UnknownId; current = _values[current].Parent)
        {
            yield return current;
        }
    }

    /// <summary>True when <paramref name="id"/> is <paramref name="ancestor"/> or was obtained from it.</summary>
    public bool IsSelfOrDescendantOf(int id, int ancestor)
    {
        // A plain walk up the parents: this runs for every binding at every re-evaluated allocation site.
        for (var current = id; current != UnknownId; current = _values[current].Parent)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private int Intern(Key key, bool isMmSource, IOperation? origin = null)
    {
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        if (_values.Count >= MaxValues)
        {
            return UnknownId;
        }

        id = _values.Count;
        var depth = key.Parent == UnknownId ? 0 : _values[key.Parent].Depth + 1;
        _values.Add(new TrackedValue(id, key.Kind, key.Symbol, key.Operation ?? origin, key.Parent, depth, isMmSource, isPerEvaluation: key.Operation is not null, isOlder: key.Older));
        _ids.Add(key, id);
        return id;
    }

    private readonly struct Key : IEquatable<Key>
    {
        public Key(ValueKind kind, ISymbol? symbol, IOperation? operation, int parent, bool older = false)
        {
            Kind = kind;
            Symbol = symbol;
            Operation = operation;
            Parent = parent;
            Older = older;
        }

        public ValueKind Kind { get; }

        public ISymbol? Symbol { get; }

        public IOperation? Operation { get; }

        public int Parent { get; }

        public bool Older { get; }

        public bool Equals(Key other) =>
            Kind == other.Kind
            && Parent == other.Parent
            && Older == other.Older
            && ReferenceEquals(Operation, other.Operation)
            && SymbolEqualityComparer.Default.Equals(Symbol, other.Symbol);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode()
        {
            var hash = ((int)Kind * 397) ^ Parent ^ (Older ? 0x40000000 : 0);
            hash = (hash * 397) ^ (Operation is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Operation));
            return (hash * 397) ^ (Symbol is null ? 0 : SymbolEqualityComparer.Default.GetHashCode(Symbol));
        }
    }
}
