namespace Pgt.Emulator.Kernel;

/// <summary>Where scenario or port code called an emulator primitive (from the caller-info attributes).</summary>
public readonly record struct Callsite(string Member, string File, int Line)
{
    /// <summary><c>Member file.cs:line</c>, with the file name only so reports do not depend on the checkout path.</summary>
    public override string ToString() => $"{Member} {FileName}:{Line}";

    public string FileName => System.IO.Path.GetFileName(File);
}
