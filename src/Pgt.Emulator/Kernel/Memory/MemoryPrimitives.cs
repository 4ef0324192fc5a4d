using System.Runtime.CompilerServices;
using PgtAnalyzers.Annotations;

namespace Pgt.Emulator.Kernel;

/// <summary>
/// Loads, stores and atomics on emulated words. Each one is a scheduling point on the word's physical
/// address, then is checked by every checker, then takes effect. Memory is sequentially consistent;
/// plain / ONCE / atomic modes are recorded for reports.
/// </summary>
public static class MemoryPrimitives
{
    /// <summary>A plain load (<c>*p</c>).</summary>
    public static ulong Load(this Machine m, Field field, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ReadWord(field.Address, field.View, AccessMode.Plain, "load", new Callsite(caller, file, line));

    /// <summary>A plain load of the word at <paramref name="pa"/>, read as <paramref name="view"/>.</summary>
    public static ulong Load(this Machine m, ulong pa, View view = View.Data, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ReadWord(pa, view, AccessMode.Plain, "load", new Callsite(caller, file, line));

    /// <summary>A plain store (<c>*p = v</c>).</summary>
    public static void Store(this Machine m, [Writes] Field field, ulong value, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.WriteWord(field.Address, value, field.View, AccessMode.Plain, "store", new Callsite(caller, file, line));

    public static void Store(this Machine m, [Writes] ulong pa, ulong value, View view = View.Data,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.WriteWord(pa, value, view, AccessMode.Plain, "store", new Callsite(caller, file, line));

    /// <summary>READ_ONCE(*p).</summary>
    public static ulong ReadOnce(this Machine m, Field field, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ReadWord(field.Address, field.View, AccessMode.Once, "READ_ONCE", new Callsite(caller, file, line));

    public static ulong ReadOnce(this Machine m, ulong pa, View view = View.Data, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.ReadWord(pa, view, AccessMode.Once, "READ_ONCE", new Callsite(caller, file, line));

    /// <summary>WRITE_ONCE(*p, v).</summary>
    public static void WriteOnce(this Machine m, [Writes] Field field, ulong value,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.WriteWord(field.Address, value, field.View, AccessMode.Once, "WRITE_ONCE", new Callsite(caller, file, line));

    public static void WriteOnce(this Machine m, [Writes] ulong pa, ulong value, View view = View.Data,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.WriteWord(pa, value, view, AccessMode.Once, "WRITE_ONCE", new Callsite(caller, file, line));

    /// <summary>xchg(p, v): returns the old value.</summary>
    public static ulong Xchg(this Machine m, [Writes] Field field, ulong value, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(field.Address, RmwOp.Exchange, value, 0, field.View, "xchg", new Callsite(caller, file, line));

    /// <summary>cmpxchg(p, old, new): returns the value found.</summary>
    public static ulong Cmpxchg(this Machine m, [Writes] Field field, ulong expected, ulong value,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(field.Address, RmwOp.CompareExchange, value, expected, field.View, "cmpxchg",
            new Callsite(caller, file, line));

    /// <summary>atomic_long_add_return(delta, p).</summary>
    public static ulong AtomicLongAddReturn(this Machine m, [Writes] Field field, long delta,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        m.RmwWord(field.Address, RmwOp.Add, unchecked((ulong)delta), 0, field.View, "atomic_long_add_return",
            new Callsite(caller, file, line)) + unchecked((ulong)delta);

    /// <summary>atomic_read(v).</summary>
    public static uint AtomicRead(this Machine m, Atomic32 v, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        v.ValueIn(m.ReadWord(v.WordAddress, v.View, AccessMode.Atomic, "atomic_read", new Callsite(caller, file, line)));

    /// <summary>atomic_set(v, i).</summary>
    public static void AtomicSet(this Machine m, [Writes] Atomic32 v, uint value, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var keep = v.HighHalf ? 0xffff_ffffUL : 0xffff_ffff_0000_0000UL;
        m.RmwWord(v.WordAddress, RmwOp.ReplaceMasked, v.Place(value), keep, v.View, "atomic_set",
            new Callsite(caller, file, line));
    }

    /// <summary>
    /// s390's <c>atomic_xor_bits(v, bits)</c>: atomically xor and return the NEW value. Because it is an
    /// xor, freeing a half twice sets its bit again instead of failing (catalogue #14).
    /// </summary>
    public static uint AtomicXorBits(this Machine m, [Writes] Atomic32 v, uint bits,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var old = m.RmwWord(v.WordAddress, RmwOp.Xor, v.Place(bits), 0, v.View, "atomic_xor_bits",
            new Callsite(caller, file, line));
        return v.ValueIn(old) ^ bits;
    }

    /// <summary>atomic_add_return(delta, v): the new value.</summary>
    public static uint AtomicAddReturn(this Machine m, [Writes] Atomic32 v, int delta,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        var op = v.HighHalf ? RmwOp.AddHigh32 : RmwOp.AddLow32;
        var old = m.RmwWord(v.WordAddress, op, unchecked((uint)delta), 0, v.View, "atomic_add_return",
            new Callsite(caller, file, line));
        return unchecked(v.ValueIn(old) + (uint)delta);
    }

    /// <summary>memset64(p, value, count): one store per word, each a scheduling point.</summary>
    public static void Memset64(this Machine m, [Writes] ulong pa, ulong value, int count, View view = View.Pte,
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var site = new Callsite(caller, file, line);
        for (var i = 0; i < count; i++)
        {
            m.WriteWord(pa + (ulong)i * PhysicalLayout.WordSize, value, view, AccessMode.Plain, "memset64", site);
        }
    }
}
