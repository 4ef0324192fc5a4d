namespace Pgt.Cli.Compilation;

/// <summary>
/// Library code that scenarios use but that is not among the checked files (the s390 port): pgt compiles
/// it in-process into an assembly named <paramref name="AssemblyName"/>, analyzes it, and charges its
/// diagnostics to the scenarios that use its types.
/// </summary>
/// <param name="AssemblyName">The name the scenarios' references resolve to (<c>Pgt.S390</c>).</param>
/// <param name="Files">Its sources; <see cref="SourceFile.DisplayPath"/> is the repository path (<c>src/Pgt.S390/...</c>).</param>
public sealed record ContextSource(string AssemblyName, IReadOnlyList<SourceFile> Files)
{
    /// <summary>Where the CLI embeds the port's sources (see Pgt.Cli.csproj).</summary>
    public const string ResourcePrefix = "context/";

    /// <summary>The port embedded in this build of pgt, or null when it was built without one.</summary>
    public static ContextSource? Embedded()
    {
        var assembly = typeof(ContextSource).Assembly;
        var files = new List<SourceFile>();
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"the embedded resource {name} cannot be opened");
            using var reader = new StreamReader(stream);
            var path = name[ResourcePrefix.Length..].Replace('\\', '/');
            files.Add(new SourceFile("/" + path, path, reader.ReadToEnd(), Explicit: false));
        }

        return files.Count == 0 ? null : new ContextSource("Pgt.S390", files);
    }
}
