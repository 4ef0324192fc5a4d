using Pgt.Emulator.Kernel;

namespace Pgt.Emulator.Checkers;

/// <summary>
/// Derives kernel-level events from committed stores, so the checkers need no help from the port: a
/// store into a pmd table attaches or detaches a pte table; a change of bits 24-31 of a page's
/// _refcount is s390's fragment byte changing (an A bit rising hands a 2K half out).
/// </summary>
internal sealed class ShadowTracker
{
    private readonly Machine _machine;

    public ShadowTracker(Machine machine) => this._machine = machine;

    public void AfterWrite(in MemoryAccess a)
    {
        var shadow = _machine.Shadow;
        var pfn = a.Address >> PhysicalLayout.PageShift;
        var kind = shadow.Kind[pfn];
        if (kind == PageKind.PmdTable && a.OldValue != a.NewValue)
        {
            PmdChanged(a);
        }
        else if (kind == PageKind.Vmemmap)
        {
            var offset = a.Address - PhysicalLayout.VmemmapBase;
            if (offset / PhysicalLayout.WordSize % 8 == StructPage.Counts)
            {
                var oldMask = (uint)(a.OldValue >> 56);
                var newMask = (uint)(a.NewValue >> 56);
                var pfn2 = offset / PhysicalLayout.StructPageSize;
                // The A/P byte means something only on s390 page-table pages (after the pgtable ctor).
                if (oldMask != newMask && pfn2 < (ulong)shadow.PageCount && shadow.Kind[pfn2] == PageKind.PteTable)
                {
                    var page = new Page(_machine, pfn2);
                    _machine.Hub.OnFragmentMask(page, oldMask, newMask, a);
                    HalvesHandedOut(page, oldMask, newMask, a);
                }
            }
        }
    }

    private void PmdChanged(in MemoryAccess a)
    {
        var shadow = _machine.Shadow;
        var oldTable = PageTableBits.PmdTableAddress(a.OldValue);
        var newTable = PageTableBits.PmdTableAddress(a.NewValue);
        if (oldTable != 0 && oldTable < _machine.Memory.End)
        {
            var f = Shadow.FragmentOf(oldTable);
            shadow.AttachedPmd[f] = 0;
            shadow.Detached[f] = new EventRecord(a.Strand, a.Step, a.Stack, a.Site, a.Primitive);
            shadow.DetachGeneration[f] = shadow.FragmentGeneration[f];
            var snapshots = shadow.Snapshots;
            shadow.CoverOffset[f] = snapshots.Begin();
            for (var id = 0; id < _machine.StrandCount; id++)
            {
                var s = _machine.Strand(id);
                if (s.Known && s.SectionOpen && id != a.Strand)
                {
                    snapshots.Add(id, s.SectionSeq);
                }
            }

            shadow.CoverCount[f] = snapshots.CountSince(shadow.CoverOffset[f]);
            _machine.Hub.OnTableDetach(f, a);
        }

        if (newTable != 0 && newTable < _machine.Memory.End)
        {
            var f = Shadow.FragmentOf(newTable);
            _machine.Hub.OnTableAttach(f, a);
            if (shadow.Detached[f].IsSet && shadow.DetachGeneration[f] == shadow.FragmentGeneration[f])
            {
                // Attached again after a detach: a new life for the table.
                shadow.FragmentGeneration[f]++;
                shadow.Reused[f] = new EventRecord(a.Strand, a.Step, a.Stack, a.Site, a.Primitive);
            }

            shadow.AttachedPmd[f] = a.Address;
            shadow.Attached[f] = new EventRecord(a.Strand, a.Step, a.Stack, a.Site, a.Primitive);
        }
    }

    private void HalvesHandedOut(Page page, uint oldMask, uint newMask, in MemoryAccess a)
    {
        var shadow = _machine.Shadow;
        for (var half = 0; half < 2; half++)
        {
            var bit = 1u << half;
            if ((newMask & bit) != 0 && (oldMask & bit) == 0)
            {
                var f = (int)(page.Pfn * 2) + half;
                shadow.FragmentGeneration[f]++;
                shadow.Reused[f] = new EventRecord(a.Strand, a.Step, a.Stack, a.Site, a.Primitive);
            }
        }
    }

    /// <summary>The reader sections in the detach snapshot of <paramref name="fragment"/> that are still open.</summary>
    public IEnumerable<int> OpenCoveringReaders(int fragment)
    {
        var shadow = _machine.Shadow;
        var offset = shadow.CoverOffset[fragment];
        for (var i = 0; i < shadow.CoverCount[fragment]; i++)
        {
            var id = shadow.Snapshots.Strand(offset, i);
            var s = _machine.Strand(id);
            if (s.SectionOpen && s.SectionSeq == shadow.Snapshots.Seq(offset, i))
            {
                yield return id;
            }
        }
    }

    /// <summary>
    /// True when a reader that may hold <paramref name="fragment"/> from before its detach is still in that
    /// section; <paramref name="exceptStrand"/>'s own section does not count.
    /// </summary>
    public bool HasOpenCoveringReader(int fragment, out int reader, int exceptStrand = -1)
    {
        var shadow = _machine.Shadow;
        reader = -1;
        if (!shadow.Detached[fragment].IsSet)
        {
            return false;
        }

        foreach (var id in OpenCoveringReaders(fragment))
        {
            if (id == exceptStrand)
            {
                continue;
            }

            reader = id;
            return true;
        }

        return false;
    }

    /// <summary>Is <paramref name="strand"/>'s current section one that was open at the detach of <paramref name="fragment"/>?</summary>
    public bool IsCoveringReader(int fragment, int strand)
    {
        var shadow = _machine.Shadow;
        if (!shadow.Detached[fragment].IsSet)
        {
            return false;
        }

        var s = _machine.Strand(strand);
        if (!s.SectionOpen)
        {
            return false;
        }

        var offset = shadow.CoverOffset[fragment];
        for (var i = 0; i < shadow.CoverCount[fragment]; i++)
        {
            if (shadow.Snapshots.Strand(offset, i) == strand && shadow.Snapshots.Seq(offset, i) == s.SectionSeq)
            {
                return true;
            }
        }

        return false;
    }
}
