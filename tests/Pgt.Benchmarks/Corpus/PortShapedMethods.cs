namespace Pgt.Benchmarks.Corpus;

/// <summary>
/// Annotated methods shaped like the port's page-table allocation and free paths (page_table_alloc,
/// pte_free_defer, retract_page_tables, the RCU callback, tlb_remove_table): aliases, loops, branches and
/// lambdas. A small share carries one of the four bugs the rules catch, as code under edit does.
/// </summary>
internal sealed class PortShapedMethods
{
    private readonly Random _random;

    public PortShapedMethods(Random random) => this._random = random;

    /// <summary>Out of 100 methods, how many carry a bug.</summary>
    public int BugsPerHundred { get; init; } = 3;

    public void Write(SourceBuilder code, string id)
    {
        var bug = _random.Next(100) < BugsPerHundred ? _random.Next(4) + 1 : 0;
        switch (_random.Next(6))
        {
            case 0:
                AllocFragment(code, id, bug == 2);
                break;
            case 1:
                FreeDeferred(code, id, bug == 1);
                break;
            case 2:
                Retract(code, id, bug == 4);
                break;
            case 3:
                QueueForRcu(code, id, bug == 3);
                break;
            case 4:
                RemoveTables(code, id);
                break;
            default:
                ReleaseHalves(code, id, bug == 1);
                break;
        }
    }

    private void AllocFragment(SourceBuilder code, string id, bool overlayBug)
    {
        var entries = 4 + _random.Next(12);
        code.Open($"public static PteTable AllocFragment{id}([RequiresMm] Mm mm, int retries)");
        code.Line("PteTable? table = null;");
        code.Line("SpinLock(mm);");
        code.Line("var list = mm.Context.PgtableList;");
        code.Open("for (var attempt = 0; attempt < retries && table is null; attempt++)");
        code.Open("if (list.Next is { } next && !ReferenceEquals(next, list))");
        code.Line("var page = Page.FromList(next);");
        code.Line($"var mask = AtomicXorBits(ref page.Bits, 0x{1 + _random.Next(3)}U);");
        code.Open("if ((mask & 0x3U) != 0x3U)");
        code.Line("ListDel(page.Lru);");
        code.Line("table = page.Table;");
        code.Close();
        code.Close();
        code.Close();
        code.Line("SpinUnlock(mm);");
        code.Open("if (table is null)");
        code.Line("table = PteTable.Alloc(mm);");
        code.Line("var fresh = Page.FromTable(table);");
        code.Line($"fresh.RefCount = {1 + _random.Next(3)};");
        code.Line("ListAdd(fresh.Lru, mm.Context.PgtableList);");
        if (overlayBug)
        {
            // PGT002: rcu_head overlays lru, which is still on the list.
            code.Line($"CallRcu(fresh.RcuHead, head => PagetableFree(Page.FromRcuHead(head)));");
        }
        else
        {
            code.Line("ListDel(fresh.Lru);");
        }

        code.Close();
        code.Open($"for (var i = 0; i < {entries}; i++)");
        code.Line("table[i] = PteNone;");
        code.Close();
        code.Line("return table;");
        code.Close();
    }

    private void FreeDeferred(SourceBuilder code, string id, bool writeAfterDefer)
    {
        var entries = 2 + _random.Next(8);
        code.Open($"public static void FreeDeferred{id}([RequiresMm] Mm mm, PteTable table, bool full)");
        code.Line("var alias = table;");
        code.Open("if (full)");
        code.Open($"for (var i = 0; i < {entries}; i++)");
        code.Line("alias[i] = PteNone;");
        code.Close();
        code.Close();
        code.Open("else");
        code.Line("table[0] = PteNone;");
        code.Close();
        code.Line("var page = Page.FromTable(table);");
        code.Open("if (page.Active)");
        code.Line("page.Active = false;");
        code.Line("mm.NrPtes--;");
        code.Close();
        code.Line("PteFreeDefer(mm, alias);");
        if (writeAfterDefer)
        {
            // PGT001: the table was handed to deferred freeing through its alias.
            code.Line($"table[{1 + _random.Next(8)}] = PteNone;");
        }

        code.Close();
    }

    private void Retract(SourceBuilder code, string id, bool doubleDefer)
    {
        var entries = 4 + _random.Next(16);
        code.Open($"public static int Retract{id}(Vma vma, PmdSlot[] pmds)");
        code.Line("var mm = vma.Mm;");
        code.Line("var freed = 0;");
        code.Open("foreach (var pmd in pmds)");
        code.Line("SpinLock(mm);");
        code.Line("var table = pmd.Table;");
        code.Line("pmd.Table = null;");
        code.Line("SpinUnlock(mm);");
        code.Open("if (table is null)");
        code.Line("continue;");
        code.Close();
        code.Open($"for (var i = 0; i < {entries}; i++)");
        code.Line("table[i] = PteNone;");
        code.Close();
        code.Line("PteFreeDefer(mm, table);");
        if (doubleDefer)
        {
            // PGT004: the same table queued twice.
            code.Line("PteFreeDefer(mm, table);");
        }

        code.Line("freed++;");
        code.Close();
        code.Line("RunLater(() => mm.NrPtes -= freed);");
        code.Line("return freed;");
        code.Close();
    }

    private void QueueForRcu(SourceBuilder code, string id, bool mmInCallback)
    {
        code.Line("[NoMm]");
        code.Open($"public static void FreeNow{id}(RcuHead head)");
        code.Line("var page = Page.FromRcuHead(head);");
        code.Open("if (page.RefCount > 0)");
        code.Line("page.RefCount--;");
        code.Close();
        code.Line("PagetableFree(page);");
        code.Close();
        code.Line();
        code.Open($"public static void QueueForRcu{id}([RequiresMm] Mm mm, Page page, bool listed)");
        code.Open("if (listed)");
        code.Line("SpinLock(mm);");
        code.Line("ListAdd(page.Lru, mm.Context.PgtableList);");
        code.Line("ListDelInit(page.Lru);");
        code.Line("SpinUnlock(mm);");
        code.Close();
        if (mmInCallback)
        {
            // PGT003: the RCU callback has no mm.
            code.Line("CallRcu(page.RcuHead, head => SpinLock(mm));");
        }
        else
        {
            code.Line($"CallRcu(page.RcuHead, FreeNow{id});");
        }

        code.Close();
    }

    private void RemoveTables(SourceBuilder code, string id)
    {
        code.Open($"public static int RemoveTables{id}([RequiresMm] Mm mm, PteTable[] tables)");
        code.Line("using var tlb = TlbGatherMmu(mm);");
        code.Line("var queued = 0;");
        code.Open("for (var i = 0; i < tables.Length; i++)");
        code.Line("var table = tables[i];");
        code.Open("if (tlb.Count == tlb.Batch.Length)");
        code.Line("TlbFlushMmu(mm, tlb);");
        code.Close();
        code.Line("tlb.Batch[tlb.Count++] = table;");
        code.Line("queued++;");
        code.Close();
        code.Open("foreach (var table in tlb.Batch)");
        code.Open("if (table is not null)");
        code.Line("PteFreeDefer(mm, table);");
        code.Close();
        code.Close();
        code.Line("return queued;");
        code.Close();
    }

    private void ReleaseHalves(SourceBuilder code, string id, bool writeAfterDefer)
    {
        var bit = 1 + _random.Next(2);
        code.Open($"public static void ReleaseHalf{id}([RequiresMm] Mm mm, PteTable table, Page page)");
        code.Line($"var mask = AtomicXorBits(ref page.Bits, 0x{bit}{bit}U);");
        code.Open("switch (mask & 0x3U)");
        code.Line("case 0:");
        code.Line("    SpinLock(mm);");
        code.Line("    ListDel(page.Lru);");
        code.Line("    SpinUnlock(mm);");
        code.Line("    break;");
        code.Line("case 1:");
        code.Line("case 2:");
        code.Line("    page.Active = true;");
        code.Line("    break;");
        code.Line("default:");
        code.Line("    return;");
        code.Close();
        code.Line("var view = table.AsListHead();");
        code.Line("PteFreeDefer(mm, table);");
        if (writeAfterDefer)
        {
            // PGT001 through a view of the table's memory (the gross patch).
            code.Line("ListAdd(view, mm.Context.PgtableList);");
        }
        else
        {
            code.Line("_ = view;");
        }

        code.Close();
    }
}
