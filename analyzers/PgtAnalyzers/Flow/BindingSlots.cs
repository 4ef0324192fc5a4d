using System.Collections.Generic;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Numbers the variables of one body (locals, parameters, flow captures) densely as they are met, so every
/// <see cref="FlowState"/> of that body keeps their values in a small array: cloning a state and joining
/// two states, the analysis's most frequent operations, become array loops.
/// </summary>
internal sealed class BindingSlots
{
    private readonly Dictionary<object, int> _slots = new(BindingKeyComparer.Instance);
    private readonly List<object> _keys = new();

    public int Count => _keys.Count;

    public object KeyOf(int slot) => _keys[slot];

    public bool TryGetSlot(object key, out int slot) => _slots.TryGetValue(key, out slot);

    public int SlotOf(object key)
    {
        if (!_slots.TryGetValue(key, out var slot))
        {
            slot = _keys.Count;
            _keys.Add(key);
            _slots.Add(key, slot);
        }

        return slot;
    }
}
