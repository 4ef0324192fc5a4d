namespace Pgt.Emulator.Kernel;

/// <summary>How a word is accessed. Memory is sequentially consistent; the mode is kept for reports.</summary>
public enum AccessMode : byte
{
    /// <summary>A plain C access (<c>*p</c>, <c>p[i] = v</c>).</summary>
    Plain,
    /// <summary><c>READ_ONCE</c> / <c>WRITE_ONCE</c>.</summary>
    Once,
    /// <summary>An atomic operation (<c>atomic_read</c>, <c>atomic_xor_bits</c>, <c>xchg</c>).</summary>
    Atomic,
}
