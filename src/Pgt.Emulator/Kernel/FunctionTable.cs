namespace Pgt.Emulator.Kernel;

/// <summary>
/// Gives each callback an emulated text address, so <c>rcu_head.func</c> holds a real value that list
/// code can overwrite. Addresses are handed out in first-use order, which the schedule fixes.
/// </summary>
internal sealed class FunctionTable
{
    private readonly Dictionary<Delegate, int> _ids = new();
    private readonly List<Delegate> _functions = new();
    private readonly List<string> _names = new();

    public ulong AddressOf(Delegate fn, string name)
    {
        if (!_ids.TryGetValue(fn, out var id))
        {
            id = _functions.Count;
            _functions.Add(fn);
            _names.Add(name);
            _ids.Add(fn, id);
        }

        return PhysicalLayout.KernelTextBase + (ulong)id * PhysicalLayout.FunctionStride;
    }

    public bool TryResolve(ulong address, out Delegate? fn, out string name)
    {
        fn = null;
        name = "";
        if (address < PhysicalLayout.KernelTextBase)
        {
            return false;
        }

        var offset = address - PhysicalLayout.KernelTextBase;
        var id = offset / PhysicalLayout.FunctionStride;
        if (offset % PhysicalLayout.FunctionStride != 0 || id >= (ulong)_functions.Count)
        {
            return false;
        }

        fn = _functions[(int)id];
        name = _names[(int)id];
        return true;
    }

    /// <summary>"pte_free_now+0x0/0x100" style, or null when the address is no function.</summary>
    public string? Symbolize(ulong address)
    {
        if (address < PhysicalLayout.KernelTextBase)
        {
            return null;
        }

        var offset = address - PhysicalLayout.KernelTextBase;
        var id = offset / PhysicalLayout.FunctionStride;
        return id < (ulong)_functions.Count
            ? $"{_names[(int)id]}+0x{offset % PhysicalLayout.FunctionStride:x}/0x{PhysicalLayout.FunctionStride:x}"
            : null;
    }

    public void Reset()
    {
        _ids.Clear();
        _functions.Clear();
        _names.Clear();
    }
}
