using System;
using System.Collections.Generic;
using System.Linq;

namespace PgtAnalyzers.Flow;

/// <summary>
/// The abstract state at one program point: which values each variable may hold, which values were handed
/// to deferred freeing, and which overlay members are live. Joined at merges: a fact on both sides keeps the
/// weaker certainty, a fact on one side becomes "on some paths".
/// </summary>
internal sealed class FlowState
{
    private readonly Func<object, ValueSet> _defaultBinding;

    public FlowState(Func<object, ValueSet> defaultBinding)
    {
        _defaultBinding = defaultBinding;
    }

    /// <summary>Locals, parameters and flow captures to the values they may hold.</summary>
    public Dictionary<object, ValueSet> Bindings { get; } = new(BindingKeyComparer.Instance);

    public Dictionary<int, DeferredFact> Deferred { get; } = new();

    public Dictionary<OverlayKey, LiveFact> Live { get; } = new();

    public ValueSet Lookup(object key) => Bindings.TryGetValue(key, out var values) ? values : _defaultBinding(key);

    public FlowState Clone()
    {
        var copy = new FlowState(_defaultBinding);
        foreach (var pair in Bindings)
        {
            copy.Bindings.Add(pair.Key, pair.Value);
        }

        foreach (var pair in Deferred)
        {
            copy.Deferred.Add(pair.Key, pair.Value);
        }

        foreach (var pair in Live)
        {
            copy.Live.Add(pair.Key, pair.Value);
        }

        return copy;
    }

    /// <summary>The state at a merge of this path and <paramref name="other"/>.</summary>
    public FlowState Join(FlowState other)
    {
        var result = new FlowState(_defaultBinding);
        foreach (var key in Bindings.Keys.Concat(other.Bindings.Keys))
        {
            if (!result.Bindings.ContainsKey(key))
            {
                result.Bindings.Add(key, Lookup(key).Union(other.Lookup(key)));
            }
        }

        foreach (var key in Deferred.Keys.Concat(other.Deferred.Keys))
        {
            if (!result.Deferred.ContainsKey(key))
            {
                Deferred.TryGetValue(key, out var mine);
                other.Deferred.TryGetValue(key, out var theirs);
                result.Deferred.Add(key, mine is not null ? mine.Join(theirs) : theirs!.Join(null));
            }
        }

        foreach (var key in Live.Keys.Concat(other.Live.Keys))
        {
            if (!result.Live.ContainsKey(key))
            {
                Live.TryGetValue(key, out var mine);
                other.Live.TryGetValue(key, out var theirs);
                result.Live.Add(key, mine is not null ? mine.Join(theirs) : theirs!.Join(null));
            }
        }

        return result;
    }

    public bool SameAs(FlowState other) =>
        SameEntries(Bindings, other.Bindings, (a, b) => a.Equals(b))
        && SameEntries(Deferred, other.Deferred, (a, b) => a.Equals(b))
        && SameEntries(Live, other.Live, (a, b) => a.Equals(b));

    /// <summary>
    /// Ends tracking of every value <paramref name="isForgotten"/> selects: its facts go, and variables
    /// that held it now hold Unknown (a new allocation at the same site, or a member assigned anew).
    /// </summary>
    public void Forget(Func<int, bool> isForgotten)
    {
        foreach (var key in Bindings.Keys.ToList())
        {
            Bindings[key] = Bindings[key].Forget(isForgotten);
        }

        foreach (var key in Deferred.Keys.Where(isForgotten).ToList())
        {
            Deferred.Remove(key);
        }

        foreach (var key in Live.Keys.Where(k => isForgotten(k.Owner)).ToList())
        {
            Live.Remove(key);
        }
    }

    /// <summary>
    /// Moves everything known about <paramref name="from"/> (its aliases and facts) to <paramref name="to"/>,
    /// and forgets what <paramref name="isDescendant"/> selects (views of the moved object).
    /// </summary>
    public void Detach(int from, int to, Func<int, bool> isDescendant)
    {
        Forget(isDescendant);
        foreach (var key in Bindings.Keys.ToList())
        {
            Bindings[key] = Bindings[key].Replace(from, to);
        }

        if (Deferred.TryGetValue(from, out var deferred))
        {
            Deferred.Remove(from);
            Deferred[to] = deferred;
        }

        foreach (var pair in Live.Where(p => p.Key.Owner == from).ToList())
        {
            Live.Remove(pair.Key);
            Live[new OverlayKey(to, pair.Key.Group, pair.Key.Member)] = pair.Value;
        }
    }

    private static bool SameEntries<TKey, TValue>(
        Dictionary<TKey, TValue> a, Dictionary<TKey, TValue> b, Func<TValue, TValue, bool> same)
        where TKey : notnull
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var pair in a)
        {
            if (!b.TryGetValue(pair.Key, out var other) || !same(pair.Value, other))
            {
                return false;
            }
        }

        return true;
    }
}
