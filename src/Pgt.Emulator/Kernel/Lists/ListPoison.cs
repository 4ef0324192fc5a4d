namespace Pgt.Emulator.Kernel;

/// <summary>The values list_del leaves in a removed entry (include/linux/poison.h, 64-bit with POISON_POINTER_DELTA).</summary>
public static class ListPoison
{
    public const ulong Poison1 = 0xdead000000000100;
    public const ulong Poison2 = 0xdead000000000122;
}
