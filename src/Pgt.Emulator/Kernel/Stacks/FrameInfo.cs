namespace Pgt.Emulator.Kernel;

/// <summary>
/// One frame of an emulated call stack: the kernel function name and where it was entered. A callback's
/// frame (<see cref="IsCallback"/>) is pushed by the code that calls it through a pointer (rcu_do_batch), named
/// after the pointer's symbol; the callback's own first <see cref="Machine.Enter"/> renames it.
/// </summary>
public readonly record struct FrameInfo(string Name, string Member, string File, int Line, bool IsCallback = false)
{
    public string FileName => System.IO.Path.GetFileName(File);
}
