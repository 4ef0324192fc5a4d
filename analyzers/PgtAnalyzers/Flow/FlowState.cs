using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

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
    // A copy shares its source's array and fact tables until either side first changes one (copy on
    // write): most blocks change few of them, and the solver copies a state at every visit and branch.
    private ValueSet[] _values;
    private Dictionary<int, DeferredFact> _deferred;
    private Dictionary<OverlayKey, LiveFact> _live;
    private ImmutableArray<BranchGuards.Guard> _conditions = ImmutableArray<BranchGuards.Guard>.Empty;

    // Where a variable holds a value, what holds besides _conditions, by (slot, value): a variable out of a
    // merge that held one value per side (`victim = upperFree ? upper : lower`). Immutable, so copies share it.
    private ImmutableDictionary<long, ImmutableArray<BranchGuards.Guard>> _bindingGuards = ImmutableDictionary<long, ImmutableArray<BranchGuards.Guard>>.Empty;
    // Slots (below 64) of the variables some deferred fact's "does not hold" guard names: binding one
    // forgets them. A superset is harmless.
    private ulong _identityGuarded;
    // Slots (below 64) of the variables a null test found not null on this path (`if (task != null)`): a `?.`
    // on one of them never takes its null branch. Assigning the variable forgets it; a merge keeps what both
    // sides know.
    private ulong _notNull;

    // Slots (below 64) of the variables whose object, whichever of their possible values it is, was handed to
    // deferred freeing on every path here by a call given the variable itself (`PteFreeDefer(mm, victim)`):
    // a write through the variable then writes a deferred object for certain. Assigning the variable forgets
    // it; a merge keeps what both sides know; a handler starts without it (a throw may come before the call
    // defers).
    private ulong _deferredThrough;

    // Slots (below 64) of the variables a lambda (or a local function made a delegate) assigns, once the
    // delegate was passed to a call on some path here: any later call may run it, so each call gives them a
    // value the flow does not know beside the one they hold. A merge keeps what either side has.
    private ulong _renewedByEscaped;
    private bool _ownsValues;
    private bool _ownsDeferred;
    private bool _ownsLive;

    public FlowState(BindingSlots slots, Func<object, ValueSet> defaultBinding)
    {
        _slots = slots;
        _defaultBinding = defaultBinding;
        _values = NoValues;
        _deferred = new Dictionary<int, DeferredFact>();
        _live = new Dictionary<OverlayKey, LiveFact>();
        _ownsDeferred = true;
        _ownsLive = true;
    }

    private FlowState(FlowState source)
    {
        _slots = source._slots;
        _defaultBinding = source._defaultBinding;
        _values = source._values;
        _conditions = source._conditions;
        _bindingGuards = source._bindingGuards;
        _identityGuarded = source._identityGuarded;
        _notNull = source._notNull;
        _deferredThrough = source._deferredThrough;
        _renewedByEscaped = source._renewedByEscaped;
        _deferred = source._deferred;
        _live = source._live;
        source._ownsValues = false;
        source._ownsDeferred = false;
        source._ownsLive = false;
    }

    /// <summary>The values handed to deferred freeing here, by id (read-only: change them with <see cref="SetDeferred"/>).</summary>
    public IReadOnlyDictionary<int, DeferredFact> Deferred => _deferred;

    /// <summary>The overlay memberships live here (read-only: change them with <see cref="SetLive"/>, <see cref="RemoveLive"/>).</summary>
    public IReadOnlyDictionary<OverlayKey, LiveFact> Live => _live;

    public void SetDeferred(int id, DeferredFact fact) => OwnDeferred()[id] = fact;

    /// <summary>The conditions on tracked variables known on every path here (<see cref="BranchGuards"/>).</summary>
    public ImmutableArray<BranchGuards.Guard> KnownConditions => _conditions;

    /// <summary>
    /// This state, or a copy of it that knows no condition and whose facts carry none: what an exception
    /// handler starts from, since a throw may come between two assignments of a variable in one block, a point
    /// no block boundary's state describes.
    /// </summary>
    public FlowState WithoutConditionKnowledge()
    {
        if (_deferredThrough == 0 && _conditions.IsEmpty && _bindingGuards.IsEmpty && _deferred.Values.All(fact => fact.Guards.IsEmpty && fact.PassedOnGuards.IsEmpty) && _live.Values.All(fact => fact.Guards.IsEmpty))
        {
            return this;
        }

        var result = Clone();
        result._deferredThrough = 0;
        result._conditions = ImmutableArray<BranchGuards.Guard>.Empty;
        result._bindingGuards = _bindingGuards.Clear();
        result.RewriteGuards(_ => ImmutableArray<BranchGuards.Guard>.Empty);
        return result;
    }

    /// <summary>
    /// A test went the way <paramref name="outcome"/> says: a fact made where that cannot hold is not on this
    /// side; every other fact holds with it.
    /// </summary>
    public void Narrow(BranchGuards.Guard outcome)
    {
        _conditions = BranchGuards.With(_conditions, outcome);
        RewriteGuards(guards =>
        {
            foreach (var guard in guards)
            {
                if (guard.Excludes(outcome))
                {
                    return default;
                }
            }

            return BranchGuards.With(guards, outcome);
        });
    }

    /// <summary>
    /// <paramref name="variable"/> was assigned (<paramref name="value"/>: the constant's guard, or null): the
    /// facts that hold here hold with that value from now on, whatever it was where they were made.
    /// </summary>
    public void AssignTracked(ISymbol variable, BranchGuards.Guard? value)
    {
        _conditions = BranchGuards.Assigned(_conditions, variable, value);
        RewriteGuards(guards => BranchGuards.Assigned(guards, variable, value));
        if (!_bindingGuards.IsEmpty)
        {
            // What held where a variable was bound says nothing of the new value.
            var builder = _bindingGuards.ToBuilder();
            foreach (var pair in _bindingGuards)
            {
                var guards = BranchGuards.Assigned(pair.Value, variable, value: null);
                if (guards.IsEmpty)
                {
                    builder.Remove(pair.Key);
                }
                else if (guards.Length != pair.Value.Length)
                {
                    builder[pair.Key] = guards;
                }
            }

            _bindingGuards = builder.ToImmutable();
        }
    }

    /// <summary>
    /// What holds where the variable <paramref name="key"/> holds value <paramref name="id"/>: the state's
    /// conditions, and those of the path on which it came to hold it.
    /// </summary>
    public ImmutableArray<BranchGuards.Guard> ConditionsWhereHeld(object? key, int id)
    {
        if (key is null || _bindingGuards.IsEmpty || !_slots.TryGetSlot(key, out var slot)
            || !_bindingGuards.TryGetValue(BindingKey(slot, id), out var guards))
        {
            return _conditions;
        }

        var conditions = _conditions;
        foreach (var guard in guards)
        {
            conditions = BranchGuards.With(conditions, guard);
        }

        return conditions;
    }

    /// <summary><paramref name="to"/> was just assigned what <paramref name="from"/> holds: it holds each value where <paramref name="from"/> did.</summary>
    public void CopyBindingGuards(object from, object to)
    {
        if (_bindingGuards.IsEmpty || !_slots.TryGetSlot(from, out var source) || !_slots.TryGetSlot(to, out var target))
        {
            return;
        }

        var builder = _bindingGuards.ToBuilder();
        foreach (var pair in _bindingGuards)
        {
            if ((int)(pair.Key >> 32) == source)
            {
                builder[BindingKey(target, (int)pair.Key)] = pair.Value;
            }
        }

        _bindingGuards = builder.ToImmutable();
    }

    /// <summary>
    /// <paramref name="to"/> was just assigned what <paramref name="from"/> holds: a fact that cannot hold where
    /// <paramref name="from"/> holds a value cannot hold where <paramref name="to"/> holds it either
    /// (<c>var old = table;</c> at the head of a loop that retired the first table through <c>old</c>).
    /// </summary>
    public void CopyIdentityGuards(object from, object to)
    {
        if (from is not ISymbol source || to is not ISymbol target
            || !_slots.TryGetSlot(from, out var sourceSlot) || sourceSlot >= 64 || (_identityGuarded & (1UL << sourceSlot)) == 0
            || !_slots.TryGetSlot(to, out var targetSlot) || targetSlot >= 64)
        {
            return;
        }

        List<KeyValuePair<int, DeferredFact>>? updates = null;
        foreach (var pair in _deferred)
        {
            var fact = pair.Value;
            foreach (var guard in pair.Value.Guards)
            {
                if (guard.Relation == BranchGuards.Relation.Holds && !guard.Value && SymbolEqualityComparer.Default.Equals(guard.Variable, source))
                {
                    fact = fact.WithGuard(new BranchGuards.Guard(target, BranchGuards.Relation.Holds, guard.Operand, false));
                }
            }

            if (!ReferenceEquals(fact, pair.Value))
            {
                (updates ??= new List<KeyValuePair<int, DeferredFact>>()).Add(new KeyValuePair<int, DeferredFact>(pair.Key, fact));
            }
        }

        if (updates is not null)
        {
            SetDeferred(updates);
            _identityGuarded |= 1UL << targetSlot;
        }
    }

    private void SetDeferred(List<KeyValuePair<int, DeferredFact>> updates)
    {
        var owned = OwnDeferred();
        foreach (var update in updates)
        {
            owned[update.Key] = update.Value;
        }
    }

    private static long BindingKey(int slot, int id) => ((long)slot << 32) | (uint)id;

    private void ForgetBindingGuards(int slot)
    {
        if (_bindingGuards.IsEmpty)
        {
            return;
        }

        var builder = _bindingGuards.ToBuilder();
        foreach (var key in _bindingGuards.Keys)
        {
            if ((int)(key >> 32) == slot)
            {
                builder.Remove(key);
            }
        }

        _bindingGuards = builder.Count == _bindingGuards.Count ? _bindingGuards : builder.ToImmutable();
    }

    /// <summary>
    /// The binding guards after joining <paramref name="other"/>, from both sides' variables and conditions before
    /// the join: a value held on one side only holds where that side's conditions did; on both, where both share.
    /// </summary>
    private ImmutableDictionary<long, ImmutableArray<BranchGuards.Guard>> JoinedBindingGuards(FlowState other)
    {
        if (_conditions.IsEmpty && other._conditions.IsEmpty && _bindingGuards.IsEmpty && other._bindingGuards.IsEmpty)
        {
            return _bindingGuards;
        }

        // What the joined state knows anyway is not repeated per value.
        var known = BranchGuards.Common(_conditions, other._conditions);
        var builder = ImmutableDictionary.CreateBuilder<long, ImmutableArray<BranchGuards.Guard>>();
        var slots = Math.Min(_slots.Count, Math.Max(_values.Length, other._values.Length));
        for (var slot = 0; slot < slots; slot++)
        {
            var key = _slots.KeyOf(slot);
            var mineBound = slot < _values.Length && _values[slot].IsBound;
            var theirsBound = slot < other._values.Length && other._values[slot].IsBound;
            if (!mineBound && !theirsBound)
            {
                continue;
            }

            var mine = SlotValue(slot, key);
            var theirs = other.SlotValue(slot, key);
            var joined = mine.Union(theirs);
            for (var i = 0; i < joined.Count; i++)
            {
                var id = joined[i];
                var guards = mine.Contains(id) ? WhereHeld(this, slot, id) : default;
                if (theirs.Contains(id))
                {
                    var theirGuards = WhereHeld(other, slot, id);
                    guards = guards.IsDefault ? theirGuards : BranchGuards.Common(guards, theirGuards);
                }

                guards = guards.IsDefaultOrEmpty || known.IsEmpty ? guards : guards.RemoveAll(known.Contains);
                if (!guards.IsDefaultOrEmpty)
                {
                    builder[BindingKey(slot, id)] = guards;
                }
            }
        }

        return builder.ToImmutable();

        static ImmutableArray<BranchGuards.Guard> WhereHeld(FlowState side, int slot, int id)
        {
            var guards = side._conditions;
            if (side._bindingGuards.TryGetValue(BindingKey(slot, id), out var extra))
            {
                foreach (var guard in extra)
                {
                    guards = BranchGuards.With(guards, guard);
                }
            }

            return guards;
        }
    }

    private static bool SameBindingGuards(ImmutableDictionary<long, ImmutableArray<BranchGuards.Guard>> a, ImmutableDictionary<long, ImmutableArray<BranchGuards.Guard>> b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var pair in a)
        {
            if (!b.TryGetValue(pair.Key, out var other) || !ImmutableArrayExtensions.SequenceEqual(pair.Value, other))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Gives every fact the guards <paramref name="rewrite"/> makes of its own; default drops the fact.</summary>
    private void RewriteGuards(Func<ImmutableArray<BranchGuards.Guard>, ImmutableArray<BranchGuards.Guard>> rewrite)
    {
        Rewrite(_deferred, OwnDeferred, rewrite);
        Rewrite(_live, OwnLive, rewrite);
    }

    private static void Rewrite<TKey, TFact>(Dictionary<TKey, TFact> facts, Func<Dictionary<TKey, TFact>> own, Func<ImmutableArray<BranchGuards.Guard>, ImmutableArray<BranchGuards.Guard>> rewrite)
        where TKey : notnull
        where TFact : class, IGuardedFact<TFact>
    {
        List<KeyValuePair<TKey, TFact?>>? changes = null;
        foreach (var pair in facts)
        {
            var rewritten = pair.Value.Rewritten(rewrite);
            if (!ReferenceEquals(rewritten, pair.Value))
            {
                (changes ??= new List<KeyValuePair<TKey, TFact?>>()).Add(new KeyValuePair<TKey, TFact?>(pair.Key, rewritten));
            }
        }

        if (changes is null)
        {
            return;
        }

        var owned = own();
        foreach (var change in changes)
        {
            if (change.Value is null)
            {
                owned.Remove(change.Key);
            }
            else
            {
                owned[change.Key] = change.Value;
            }
        }
    }

    public void SetLive(OverlayKey key, LiveFact fact) => OwnLive()[key] = fact;

    public void RemoveLive(OverlayKey key)
    {
        if (_live.ContainsKey(key))
        {
            OwnLive().Remove(key);
        }
    }

    /// <summary>The values <paramref name="key"/> (a local, parameter or flow capture id) may hold here.</summary>
    public ValueSet Lookup(object key) =>
        _slots.TryGetSlot(key, out var slot) && slot < _values.Length && _values[slot].IsBound ? _values[slot] : _defaultBinding(key);

    /// <summary>Whether this state bound <paramref name="key"/> (else it holds its default).</summary>
    public bool IsBound(object key) => _slots.TryGetSlot(key, out var slot) && slot < _values.Length && _values[slot].IsBound;

    /// <summary>From here on <paramref name="key"/> holds <paramref name="values"/>.</summary>
    /// <summary>Assigns a variable: what facts said of the value it held (<see cref="BranchGuards.Relation.Holds"/>) no longer holds.</summary>
    public void Bind(object key, ValueSet values)
    {
        var slot = _slots.SlotOf(key);
        EnsureSlots(slot + 1);
        SetSlot(slot, values);
        ForgetBindingGuards(slot);
        if (slot < 64)
        {
            _notNull &= ~(1UL << slot);
            _deferredThrough &= ~(1UL << slot);
        }

        if (slot < 64 && (_identityGuarded & (1UL << slot)) != 0 && key is ISymbol variable)
        {
            _identityGuarded &= ~(1UL << slot);
            RewriteGuards(guards => BranchGuards.Assigned(guards, variable, value: null));
        }
    }

    /// <summary>Narrows a variable to some of its values (a null test): the same object, so what facts say of it stands.</summary>
    public void BindNarrowed(object key, ValueSet values)
    {
        var slot = _slots.SlotOf(key);
        EnsureSlots(slot + 1);
        SetSlot(slot, values);
    }

    /// <summary>Records that a null test found the variable not null on this path.</summary>
    public void MarkNotNull(object key)
    {
        var slot = _slots.SlotOf(key);
        if (slot < 64)
        {
            _notNull |= 1UL << slot;
        }
    }

    /// <summary>Records that the object <paramref name="variable"/> holds, whichever it is, was just handed to deferred freeing on this path.</summary>
    public void MarkDeferredThrough(ISymbol variable)
    {
        var slot = _slots.SlotOf(variable);
        if (slot < 64)
        {
            _deferredThrough |= 1UL << slot;
        }
    }

    /// <summary>Whether some variable is assigned by a delegate that escaped into a call (<see cref="MarkRenewedByEscaped"/>).</summary>
    public bool HasRenewedByEscaped => _renewedByEscaped != 0;

    /// <summary>Records that a delegate passed to a call assigns <paramref name="variable"/> when it runs; false past 64 slots (not followed).</summary>
    public bool MarkRenewedByEscaped(ISymbol variable)
    {
        var slot = _slots.SlotOf(variable);
        if (slot >= 64)
        {
            return false;
        }

        _renewedByEscaped |= 1UL << slot;
        return true;
    }

    /// <summary>After a call: the variables an escaped delegate assigns may hold a value the flow does not know.</summary>
    public void RenewByEscaped()
    {
        for (var slot = 0; slot < 64; slot++)
        {
            if ((_renewedByEscaped & (1UL << slot)) != 0)
            {
                var key = _slots.KeyOf(slot);
                Bind(key, Lookup(key).Union(ValueSet.Unknown));
            }
        }
    }

    /// <summary>Whether the object <paramref name="variable"/> holds was handed to deferred freeing on every path here, and nothing assigned it since.</summary>
    public bool IsDeferredThrough(ISymbol variable) =>
        _deferredThrough != 0 && _slots.TryGetSlot(variable, out var slot) && slot < 64 && (_deferredThrough & (1UL << slot)) != 0;

    /// <summary>Whether a null test on this path found the variable not null, and nothing assigned it since.</summary>
    public bool IsKnownNotNull(object key) =>
        _slots.TryGetSlot(key, out var slot) && slot < 64 && (_notNull & (1UL << slot)) != 0;

    public FlowState Clone() => new(this);

    /// <summary>
    /// This state, or a copy without the flow captures that are dead at block <paramref name="ordinal"/>: a
    /// capture left bound from the last iteration (<c>buffer = c ? Pool.Take() : Pool.TakeLarge()</c>) would
    /// otherwise count as a second holder of the new object at the loop head.
    /// </summary>
    public FlowState WithoutCapturesDeadAt(int ordinal, GraphCaptures captures)
    {
        FlowState? result = null;
        for (var slot = 0; slot < _values.Length; slot++)
        {
            if (_values[slot].IsBound && _slots.KeyOf(slot) is CaptureId id && !captures.IsLiveAt(id, ordinal))
            {
                result ??= Clone();
                result.SetSlot(slot, default);
                result._notNull &= slot < 64 ? ~(1UL << slot) : ulong.MaxValue;
                result._deferredThrough &= slot < 64 ? ~(1UL << slot) : ulong.MaxValue;
            }
        }

        return result ?? this;
    }

    /// <summary>
    /// Joins <paramref name="other"/> into this state in place (the state at a merge of both paths) and says
    /// whether anything changed, so a merge that adds nothing allocates nothing.
    /// </summary>
    public bool JoinFrom(FlowState other, ValueTable values)
    {
        other = other.WithFreshValuesMerged(this, values);
        var original = other;
        var changed = false;
        var bindingGuards = JoinedBindingGuards(other);
        if (!SameBindingGuards(bindingGuards, _bindingGuards))
        {
            _bindingGuards = bindingGuards;
            changed = true;
        }
        if (_deferred.Count > 0 || other._deferred.Count > 0 || _live.Count > 0 || other._live.Count > 0)
        {
            // Before the variables are joined: a fact from a side where a variable did not hold its value, while
            // the other side's did, holds only where the variable does not (a loop that defers `table` and then
            // assigns it a new one: at the loop head `table` may be the first table again only on the path
            // that has not deferred it).
            // The incoming state may be stored elsewhere: its facts change on a copy, its marks only here.
            var guarded = other._identityGuarded;
            if (IdentityGuarded(_deferred, DeferredValue, this, other, ref guarded) is { } mine)
            {
                SetDeferred(mine);
                changed = true;
            }

            if (IdentityGuarded(other._deferred, DeferredValue, other, this, ref guarded) is { } theirs)
            {
                other = other.Clone();
                other.SetDeferred(theirs);
            }

            // The same for live overlay memberships: a page queued through `f` before `f = new Page()` in a loop.
            if (IdentityGuarded(_live, LiveOwner, this, other, ref guarded) is { } myLive)
            {
                var target = OwnLive();
                foreach (var update in myLive)
                {
                    target[update.Key] = update.Value;
                }

                changed = true;
            }

            if (IdentityGuarded(other._live, LiveOwner, other, this, ref guarded) is { } theirLive)
            {
                other = ReferenceEquals(other, original) ? other.Clone() : other;
                var target = other.OwnLive();
                foreach (var update in theirLive)
                {
                    target[update.Key] = update.Value;
                }
            }

            _identityGuarded |= guarded;
        }
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
                SetSlot(slot, joined);
                changed = true;
            }
        }

        var notNull = _notNull & other._notNull;
        if (notNull != _notNull)
        {
            _notNull = notNull;
            changed = true;
        }

        var renewedByEscaped = _renewedByEscaped | other._renewedByEscaped;
        if (renewedByEscaped != _renewedByEscaped)
        {
            _renewedByEscaped = renewedByEscaped;
            changed = true;
        }

        var deferredThrough = _deferredThrough & other._deferredThrough;
        if (deferredThrough != _deferredThrough)
        {
            _deferredThrough = deferredThrough;
            changed = true;
        }

        var conditions = BranchGuards.Common(_conditions, other._conditions);
        if (conditions != _conditions)
        {
            _conditions = conditions;
            changed = true;
        }

        if (JoinFacts(_deferred, other._deferred) is { } deferredUpdates)
        {
            var target = OwnDeferred();
            foreach (var update in deferredUpdates)
            {
                target[update.Key] = update.Value;
            }

            changed = true;
        }

        if (JoinFacts(_live, other._live) is { } liveUpdates)
        {
            var target = OwnLive();
            foreach (var update in liveUpdates)
            {
                target[update.Key] = update.Value;
            }

            changed = true;
        }
        return changed;
    }

    /// <summary>
    /// <paramref name="facts"/> (deferred facts or live memberships of <paramref name="side"/>, each about the value
    /// <paramref name="valueOf"/> its key names) with a "does not hold" guard for each variable that holds that
    /// value on <paramref name="otherSide"/> but not on <paramref name="side"/>; null when none changes. Adds those
    /// variables' slots to <paramref name="guarded"/>; writes neither state.
    /// </summary>
    private static List<KeyValuePair<TKey, TFact>>? IdentityGuarded<TKey, TFact>(
        Dictionary<TKey, TFact> facts, Func<TKey, int> valueOf, FlowState side, FlowState otherSide, ref ulong guarded)
        where TKey : notnull
        where TFact : class, IGuardedFact<TFact>
    {
        List<KeyValuePair<TKey, TFact>>? updates = null;
        var slots = Math.Min(64, Math.Min(side._slots.Count, Math.Max(side._values.Length, otherSide._values.Length)));
        foreach (var pair in facts)
        {
            var id = valueOf(pair.Key);
            var fact = pair.Value;
            for (var slot = 0; slot < slots; slot++)
            {
                if (side._slots.KeyOf(slot) is not ISymbol variable
                    || !otherSide.SlotValue(slot, variable).Contains(id)
                    || side.SlotValue(slot, variable).Contains(id))
                {
                    continue;
                }

                fact = fact.WithGuard(new BranchGuards.Guard(variable, BranchGuards.Relation.Holds, id, false));
                guarded |= 1UL << slot;
            }

            if (!ReferenceEquals(fact, pair.Value))
            {
                (updates ??= new List<KeyValuePair<TKey, TFact>>()).Add(new KeyValuePair<TKey, TFact>(pair.Key, fact));
            }
        }

        return updates;
    }

    private static readonly Func<int, int> DeferredValue = id => id;

    private static readonly Func<OverlayKey, int> LiveOwner = key => key.Owner;

    /// <summary>What a slot's variable holds here, its default when this state has not bound it.</summary>
    private ValueSet SlotValue(int slot, object key) =>
        slot < _values.Length && _values[slot].IsBound ? _values[slot] : _defaultBinding(key);

    /// <summary>
    /// Drops the deferred-free facts of values nothing can reach any more (<see cref="ValueTable.IsUnreachable"/>):
    /// a buffer returned and replaced by a new one in a loop iteration is gone when the iteration ends, so the
    /// next iteration does not inherit its facts. Live overlay memberships are kept: the object is still listed.
    /// </summary>
    public void DropUnreachable(ValueTable values)
    {
        if (_deferred.Count == 0)
        {
            return;
        }

        var held = Held(values);
        List<int>? unreachable = null;
        foreach (var id in _deferred.Keys)
        {
            if (values.IsUnreachable(id, held))
            {
                (unreachable ??= new List<int>()).Add(id);
            }
        }

        if (unreachable is not null)
        {
            foreach (var id in unreachable)
            {
                OwnDeferred().Remove(id);
            }
        }
    }

    /// <summary>Every value a variable holds, and every value those were obtained from.</summary>
    private HashSet<int> Held(ValueTable values)
    {
        var held = new HashSet<int>();
        for (var slot = 0; slot < _values.Length; slot++)
        {
            // An unbound variable holds its default (a parameter's own value), which nothing per-evaluation is obtained from.
            if (!_values[slot].IsBound)
            {
                continue;
            }

            var set = _values[slot];
            for (var i = 0; i < set.Count; i++)
            {
                for (var id = set[i]; id != ValueTable.UnknownId; id = values[id].Parent)
                {
                    if (!held.Add(id))
                    {
                        break;
                    }
                }
            }
        }

        return held;
    }

    /// <summary>
    /// This incoming state, or a copy of it in which each variable that holds one new object on both
    /// sides of a merge (<c>buffer = pool.Rent()</c> before a loop and again at the end of its body) holds
    /// <paramref name="mine"/>'s id for it, with its facts: one abstract object, "what the variable holds
    /// here", instead of two whose facts mix. Only when nothing else on either side holds either object or
    /// anything obtained from it, so no alias is conflated.
    /// </summary>
    /// <para>
    /// When the object the variable held before is still held elsewhere with facts of its own (<c>var old =
    /// buffer;</c> before a loop that returns <c>buffer</c> and rents another), the incoming side first moves
    /// that earlier object to its <see cref="ValueTable.Older"/> summary: the variable's new object takes
    /// <paramref name="mine"/>'s id, the aliases keep their object and its facts under the summary's id.
    /// </para>
    private FlowState WithFreshValuesMerged(FlowState mine, ValueTable values)
    {
        var result = this;
        var count = Math.Min(mine._values.Length, _values.Length);
        for (var slot = 0; slot < count; slot++)
        {
            var kept = mine._values[slot];
            var incoming = result._values[slot];
            if (!kept.IsBound || !incoming.IsBound || !kept.IsSingle || !incoming.IsSingle || kept[0] == incoming[0]
                || !AreAlike(values[kept[0]], values[incoming[0]])
                || !result.HeldOnlyBy(slot, incoming[0], values) || result.HasFactsBelow(incoming[0], values))
            {
                continue;
            }

            var aliased = !mine.HeldOnlyBy(slot, kept[0], values) || result.Mentions(kept[0], values);
            if (aliased && !result.CanRetire(kept[0], values))
            {
                continue;
            }

            if (ReferenceEquals(result, this))
            {
                result = Clone();
            }

            if (aliased)
            {
                result.Retire(kept[0], values.Older(kept[0]), values);
            }

            result.Detach(incoming[0], kept[0], _ => false);
        }

        return result;
    }

    /// <summary>
    /// True when <paramref name="id"/>, the object a variable held before, can move to its older summary
    /// here: this state has a fact on it of its own (else nothing is gained, and the aliases would lose
    /// their must-alias), it is not a summary already, and nothing held or known is obtained from it.
    /// </summary>
    private bool CanRetire(int id, ValueTable values) =>
        !values[id].IsOlder
        && (_deferred.ContainsKey(id) || _live.Keys.Any(key => key.Owner == id))
        && !HasFactsBelow(id, values)
        && !HoldsBelow(id, values);

    /// <summary>True when a variable holds a value obtained from <paramref name="id"/> (not <paramref name="id"/> itself).</summary>
    private bool HoldsBelow(int id, ValueTable values)
    {
        for (var slot = 0; slot < _values.Length; slot++)
        {
            var set = _values[slot];
            if (!set.IsBound)
            {
                continue;
            }

            for (var i = 0; i < set.Count; i++)
            {
                if (set[i] != id && values.IsSelfOrDescendantOf(set[i], id))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Moves <paramref name="id"/> into <paramref name="older"/>, the summary of earlier objects, on this one
    /// path. If the summary already stands for an object here, it now stands for either: a fact is certain
    /// only if both have it.
    /// </summary>
    private void Retire(int id, int older, ValueTable values)
    {
        var merging = Mentions(older, values);
        for (var slot = 0; slot < _values.Length; slot++)
        {
            if (_values[slot].IsBound)
            {
                SetSlot(slot, _values[slot].Replace(id, older));
            }
        }

        _deferred.TryGetValue(id, out var deferred);
        _deferred.TryGetValue(older, out var earlier);
        if (deferred is not null)
        {
            OwnDeferred().Remove(id);
        }

        if (Merged(deferred, earlier, merging) is { } fact)
        {
            OwnDeferred()[older] = fact;
        }

        var members = new HashSet<OverlayKey>(_live.Keys
            .Where(key => key.Owner == id || key.Owner == older)
            .Select(key => new OverlayKey(older, key.Group, key.Member)));
        foreach (var olderKey in members)
        {
            var mineKey = new OverlayKey(id, olderKey.Group, olderKey.Member);
            _live.TryGetValue(mineKey, out var live);
            _live.TryGetValue(olderKey, out var earlierLive);
            RemoveLive(mineKey);
            if (Merged(live, earlierLive, merging) is { } liveFact)
            {
                OwnLive()[olderKey] = liveFact;
            }
        }

        static TFact? Merged<TFact>(TFact? moved, TFact? earlier, bool merging)
            where TFact : class, IJoinableFact<TFact> =>
            !merging ? moved
            : moved is not null ? moved.Join(earlier)
            : earlier?.Join(null);
    }

    /// <summary>
    /// Two new objects one abstract value may stand for: both per-evaluation, of the same kind, views of the
    /// same value (a write through either is a write to it) and both legal mms or neither.
    /// </summary>
    private static bool AreAlike(TrackedValue kept, TrackedValue incoming) =>
        kept.IsPerEvaluation && incoming.IsPerEvaluation
        && kept.Kind == incoming.Kind
        && kept.Parent == incoming.Parent
        && kept.IsMmSource == incoming.IsMmSource;

    /// <summary>True when no variable but <paramref name="slot"/>'s holds <paramref name="id"/> or anything obtained from it.</summary>
    private bool HeldOnlyBy(int slot, int id, ValueTable values)
    {
        for (var other = 0; other < _values.Length; other++)
        {
            if (other != slot && _values[other].IsBound && HoldsSelfOrDescendant(_values[other], id, values))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when a variable holds <paramref name="id"/> or a value obtained from it, or a fact names it.</summary>
    private bool Mentions(int id, ValueTable values)
    {
        for (var slot = 0; slot < _values.Length; slot++)
        {
            if (_values[slot].IsBound && HoldsSelfOrDescendant(_values[slot], id, values))
            {
                return true;
            }
        }

        return _deferred.Keys.Any(key => values.IsSelfOrDescendantOf(key, id))
            || _live.Keys.Any(key => values.IsSelfOrDescendantOf(key.Owner, id));
    }

    /// <summary>True when a fact names a value obtained from <paramref name="id"/> (not <paramref name="id"/> itself).</summary>
    private bool HasFactsBelow(int id, ValueTable values) =>
        _deferred.Keys.Any(key => key != id && values.IsSelfOrDescendantOf(key, id))
        || _live.Keys.Any(key => key.Owner != id && values.IsSelfOrDescendantOf(key.Owner, id));

    private static bool HoldsSelfOrDescendant(ValueSet set, int id, ValueTable values)
    {
        for (var i = 0; i < set.Count; i++)
        {
            if (values.IsSelfOrDescendantOf(set[i], id))
            {
                return true;
            }
        }

        return false;
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
                SetSlot(slot, _values[slot].Forget(isForgotten));
            }
        }

        List<int>? deferred = null;
        foreach (var key in _deferred.Keys)
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
                OwnDeferred().Remove(key);
            }
        }

        List<OverlayKey>? live = null;
        foreach (var key in _live.Keys)
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
                OwnLive().Remove(key);
            }
        }
    }

    /// <summary>Forgets <paramref name="id"/> and every value obtained from it (a site evaluated again).</summary>
    public void Forget(ValueTable values, int id)
    {
        if (_values.Length == 0 && _deferred.Count == 0 && _live.Count == 0)
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
                SetSlot(slot, _values[slot].Replace(from, to));
            }
        }

        if (_deferred.TryGetValue(from, out var deferred))
        {
            OwnDeferred().Remove(from);
            OwnDeferred()[to] = deferred;
        }

        if (_live.Count > 0)
        {
            foreach (var pair in _live.Where(p => p.Key.Owner == from).ToList())
            {
                OwnLive().Remove(pair.Key);
                OwnLive()[new OverlayKey(to, pair.Key.Group, pair.Key.Member)] = pair.Value;
            }
        }
    }

    private void EnsureSlots(int count)
    {
        if (count > _values.Length)
        {
            var grown = new ValueSet[Math.Max(count, Math.Max(8, _values.Length * 2))];
            Array.Copy(_values, grown, _values.Length);
            _values = grown;
            _ownsValues = true;
        }
    }

    /// <summary>Writes one slot, copying the shared array first; writing what is already there copies nothing.</summary>
    private void SetSlot(int slot, ValueSet value)
    {
        if (_values[slot].IsSameAs(value))
        {
            return;
        }

        if (!_ownsValues)
        {
            _values = (ValueSet[])_values.Clone();
            _ownsValues = true;
        }

        _values[slot] = value;
    }

    private Dictionary<int, DeferredFact> OwnDeferred()
    {
        if (!_ownsDeferred)
        {
            _deferred = new Dictionary<int, DeferredFact>(_deferred);
            _ownsDeferred = true;
        }

        return _deferred;
    }

    private Dictionary<OverlayKey, LiveFact> OwnLive()
    {
        if (!_ownsLive)
        {
            _live = new Dictionary<OverlayKey, LiveFact>(_live);
            _ownsLive = true;
        }

        return _live;
    }

    /// <summary>A fact on both sides keeps the weaker certainty; a fact on one side only becomes "on some paths".</summary>
    /// <returns>The facts of <paramref name="mine"/> the join changes, or null when it changes none.</returns>
    private static List<KeyValuePair<TKey, TFact>>? JoinFacts<TKey, TFact>(Dictionary<TKey, TFact> mine, Dictionary<TKey, TFact> theirs)
        where TKey : notnull
        where TFact : class, IJoinableFact<TFact>
    {
        if (ReferenceEquals(mine, theirs))
        {
            // One shared table: every fact is on both sides already.
            return null;
        }

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

        return updates;
    }
}
