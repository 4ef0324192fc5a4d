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
        Bindings = new Dictionary<object, ValueSet>(BindingKeyComparer.Instance);
        Deferred = new Dictionary<int, DeferredFact>();
        Live = new Dictionary<OverlayKey, LiveFact>();
    }

    // The dictionary copy constructors copy a same-comparer dictionary's buckets in bulk: cloning is the
    // analysis's most frequent operation.
    private FlowState(FlowState source)
    {
        _defaultBinding = source._defaultBinding;
        Bindings = new Dictionary<object, ValueSet>(source.Bindings, BindingKeyComparer.Instance);
        Deferred = new Dictionary<int, DeferredFact>(source.Deferred);
        Live = new Dictionary<OverlayKey, LiveFact>(source.Live);
    }

    /// <summary>Locals, parameters and flow captures to the values they may hold.</summary>
    public Dictionary<object, ValueSet> Bindings { get; }

    public Dictionary<int, DeferredFact> Deferred { get; }

    public Dictionary<OverlayKey, LiveFact> Live { get; }

    public ValueSet Lookup(object key) => Bindings.TryGetValue(key, out var values) ? values : _defaultBinding(key);

    public FlowState Clone() => new(this);

    /// <summary>
    /// Joins <paramref name="other"/> into this state in place (the state at a merge of both paths) and says
    /// whether anything changed, so a merge that adds nothing allocates nothing.
    /// </summary>
    public bool JoinFrom(FlowState other)
    {
        var changed = false;
        foreach (var pair in other.Bindings)
        {
            var mine = Lookup(pair.Key);
            var joined = mine.Union(pair.Value);
            if (!Bindings.ContainsKey(pair.Key) || !joined.Equals(mine))
            {
                Bindings[pair.Key] = joined;
                changed = true;
            }
        }

        if (Bindings.Count != other.Bindings.Count || changed)
        {
            changed |= JoinBindingsMissingIn(other);
        }

        changed |= JoinFacts(Deferred, other.Deferred);
        changed |= JoinFacts(Live, other.Live);
        return changed;
    }
    /// <summary>
    /// Ends tracking of every value <paramref name="isForgotten"/> selects: its facts go, and variables
    /// that held it now hold Unknown (a new allocation at the same site, or a member assigned anew).
    /// Allocates nothing when nothing is forgotten, the usual case.
    /// </summary>
    public void Forget(Func<int, bool> isForgotten)
    {
        List<KeyValuePair<object, ValueSet>>? rebound = null;
        foreach (var pair in Bindings)
        {
            var kept = pair.Value.Forget(isForgotten);
            if (!kept.Equals(pair.Value))
            {
                (rebound ??= new List<KeyValuePair<object, ValueSet>>()).Add(new KeyValuePair<object, ValueSet>(pair.Key, kept));
            }
        }

        if (rebound is not null)
        {
            foreach (var pair in rebound)
            {
                Bindings[pair.Key] = pair.Value;
            }
        }

        List<int>? deferred = null;
        foreach (var key in Deferred.Keys)
        {
            if (isForgotten(key))
            {
                (deferred ??= new List<int>()).Add(key);
            }
        }

        if (deferred is not null)
        {
            foreach (var key in deferred)
            {
                Deferred.Remove(key);
            }
        }

        List<OverlayKey>? live = null;
        foreach (var key in Live.Keys)
        {
            if (isForgotten(key.Owner))
            {
                (live ??= new List<OverlayKey>()).Add(key);
            }
        }

        if (live is not null)
        {
            foreach (var key in live)
            {
                Live.Remove(key);
            }
        }
    }

    /// <summary>Forgets <paramref name="id"/> and every value obtained from it (a site evaluated again).</summary>
    public void Forget(ValueTable values, int id)
    {
        if (Bindings.Count == 0 && Deferred.Count == 0 && Live.Count == 0)
        {
            return;
        }

        Forget(candidate => values.IsSelfOrDescendantOf(candidate, id));
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

    /// <summary>Keys bound here but not in <paramref name="other"/>: there they hold the other side's default.</summary>
    private bool JoinBindingsMissingIn(FlowState other)
    {
        List<KeyValuePair<object, ValueSet>>? updates = null;
        foreach (var pair in Bindings)
        {
            if (!other.Bindings.ContainsKey(pair.Key))
            {
                var joined = pair.Value.Union(other._defaultBinding(pair.Key));
                if (!joined.Equals(pair.Value))
                {
                    (updates ??= new List<KeyValuePair<object, ValueSet>>()).Add(new KeyValuePair<object, ValueSet>(pair.Key, joined));
                }
            }
        }

        if (updates is null)
        {
            return false;
        }

        foreach (var update in updates)
        {
            Bindings[update.Key] = update.Value;
        }

        return true;
    }

    /// <summary>A fact on both sides keeps the weaker certainty; a fact on one side only becomes "on some paths".</summary>
    private static bool JoinFacts<TKey, TFact>(Dictionary<TKey, TFact> mine, Dictionary<TKey, TFact> theirs)
        where TKey : notnull
        where TFact : class, IJoinableFact<TFact>
    {
        List<KeyValuePair<TKey, TFact>>? updates = null;
        foreach (var pair in theirs)
        {
            var joined = mine.TryGetValue(pair.Key, out var own) ? own.Join(pair.Value) : pair.Value.Join(null);
            if (own is null || !joined.Equals(own))
            {
                (updates ??= new List<KeyValuePair<TKey, TFact>>()).Add(new KeyValuePair<TKey, TFact>(pair.Key, joined));
            }
        }

        if (mine.Count != theirs.Count || updates is not null)
        {
            foreach (var pair in mine)
            {
                if (!theirs.ContainsKey(pair.Key))
                {
                    var joined = pair.Value.Join(null);
                    if (!joined.Equals(pair.Value))
                    {
                        (updates ??= new List<KeyValuePair<TKey, TFact>>()).Add(new KeyValuePair<TKey, TFact>(pair.Key, joined));
                    }
                }
            }
        }

        if (updates is null)
        {
            return false;
        }

        foreach (var update in updates)
        {
            mine[update.Key] = update.Value;
        }

        return true;
    }
}
