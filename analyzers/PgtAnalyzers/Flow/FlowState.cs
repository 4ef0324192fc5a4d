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
    private static readonly ValueSet[] NoValues = Array.Empty<ValueSet>();

    private readonly BindingSlots _slots;
    private readonly Func<object, ValueSet> _defaultBinding;

    // Indexed by the body's binding slots; a default ValueSet marks a variable this state has not bound.
    private ValueSet[] _values;

    public FlowState(BindingSlots slots, Func<object, ValueSet> defaultBinding)
    {
        _slots = slots;
        _defaultBinding = defaultBinding;
        _values = NoValues;
        Deferred = new Dictionary<int, DeferredFact>();
        Live = new Dictionary<OverlayKey, LiveFact>();
    }

    private FlowState(FlowState source)
    {
        _slots = source._slots;
        _defaultBinding = source._defaultBinding;
        _values = source._values.Length == 0 ? NoValues : (ValueSet[])source._values.Clone();
        Deferred = new Dictionary<int, DeferredFact>(source.Deferred);
        Live = new Dictionary<OverlayKey, LiveFact>(source.Live);
    }

    public Dictionary<int, DeferredFact> Deferred { get; }

    public Dictionary<OverlayKey, LiveFact> Live { get; }

    /// <summary>The values <paramref name="key"/> (a local, parameter or flow capture id) may hold here.</summary>
    public ValueSet Lookup(object key) =>
        _slots.TryGetSlot(key, out var slot) && slot < _values.Length && _values[slot].IsBound ? _values[slot] : _defaultBinding(key);

    /// <summary>From here on <paramref name="key"/> holds <paramref name="values"/>.</summary>
    public void Bind(object key, ValueSet values)
    {
        var slot = _slots.SlotOf(key);
        EnsureSlots(slot + 1);
        _values[slot] = values;
    }

    public FlowState Clone() => new(this);

    /// <summary>
    /// Joins <paramref name="other"/> into this state in place (the state at a merge of both paths) and says
    /// whether anything changed, so a merge that adds nothing allocates nothing.
    /// </summary>
    public bool JoinFrom(FlowState other)
    {
        var changed = false;
        var count = Math.Max(_values.Length, other._values.Length);
        EnsureSlots(count);
        for (var slot = 0; slot < count; slot++)
        {
            var mine = _values[slot];
            var theirs = slot < other._values.Length ? other._values[slot] : default;
            if (!mine.IsBound && !theirs.IsBound)
            {
                continue;
            }

            // A variable one side has not bound holds that side's default there.
            var key = _slots.KeyOf(slot);
            var joined = (mine.IsBound ? mine : _defaultBinding(key)).Union(theirs.IsBound ? theirs : other._defaultBinding(key));
            if (!mine.IsBound || !joined.Equals(mine))
            {
                _values[slot] = joined;
                changed = true;
            }
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
        for (var slot = 0; slot < _values.Length; slot++)
        {
            if (_values[slot].IsBound)
            {
                _values[slot] = _values[slot].Forget(isForgotten);
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
        if (_values.Length == 0 && Deferred.Count == 0 && Live.Count == 0)
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
        for (var slot = 0; slot < _values.Length; slot++)
        {
            if (_values[slot].IsBound)
            {
                _values[slot] = _values[slot].Replace(from, to);
            }
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

    private void EnsureSlots(int count)
    {
        if (count > _values.Length)
        {
            var grown = new ValueSet[Math.Max(count, Math.Max(8, _values.Length * 2))];
            Array.Copy(_values, grown, _values.Length);
            _values = grown;
        }
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
