namespace Pgt.Emulator.Kernel;

/// <summary>
/// 2 KiB page-table fragments (s390 puts two pte tables in a 4 KiB page): fragment number f covers
/// physical addresses [f &lt;&lt; 11, (f + 1) &lt;&lt; 11). Lifetime state is kept per fragment.
/// </summary>
internal static class Fragments
{
    public const int Shift = 11;

    public static int Of(ulong pa) => (int)(pa >> Shift);

    public static ulong Address(int fragment) => (ulong)fragment << Shift;
}
