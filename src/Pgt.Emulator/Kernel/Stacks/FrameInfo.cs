namespace Pgt.Emulator.Kernel;

/// <summary>One frame of an emulated call stack: the kernel function name and where it was entered.</summary>
public readonly record struct FrameInfo(string Name, string Member, string File, int Line)
{
    public string FileName => System.IO.Path.GetFileName(File);
}
