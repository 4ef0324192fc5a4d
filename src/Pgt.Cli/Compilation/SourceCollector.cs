using System.Text;

namespace Pgt.Cli.Compilation;

/// <summary>
/// Turns the PATH arguments into the files to compile: a <c>.cs</c> file as it is, a folder searched
/// recursively for <c>*.cs</c> (skipping <c>bin</c>, <c>obj</c> and hidden folders). The result is sorted
/// by full path (ordinal) and free of duplicates, so the same arguments always give the same order.
/// </summary>
public static class SourceCollector
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<SourceFile> Collect(IReadOnlyList<string> paths, string workingDirectory)
    {
        var found = new SortedDictionary<string, bool>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var full = FullPath(path, workingDirectory);
            if (File.Exists(full))
            {
                if (!full.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
                {
                    throw new BadInputException($"{path} is not a C# file (.cs)");
                }

                found[full] = true;
            }
            else if (Directory.Exists(full))
            {
                var files = SearchFolder(full, path);
                if (files.Count == 0)
                {
                    throw new BadInputException($"{path} contains no .cs file");
                }

                foreach (var file in files)
                {
                    found.TryAdd(file, false);
                }
            }
            else
            {
                throw new BadInputException($"{path}: no such file or folder");
            }
        }

        return found.Select(entry => Read(entry.Key, workingDirectory, entry.Value)).ToList();
    }

    /// <summary>Reads one file; anything unreadable is a one-line <see cref="BadInputException"/>.</summary>
    public static SourceFile Read(string fullPath, string workingDirectory, bool isExplicit)
    {
        var display = DisplayPath(fullPath, workingDirectory);
        try
        {
            return new SourceFile(fullPath, display, File.ReadAllText(fullPath, StrictUtf8), isExplicit);
        }
        catch (DecoderFallbackException)
        {
            throw new BadInputException($"cannot read {display}: it is not UTF-8 text");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new BadInputException($"cannot read {display}: {OneLine(exception.Message)}", exception);
        }
    }

    /// <summary>Relative to <paramref name="workingDirectory"/> when inside it, with '/' on every platform.</summary>
    public static string DisplayPath(string fullPath, string workingDirectory)
    {
        var relative = Path.GetRelativePath(workingDirectory, fullPath);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
        return shown.Replace('\\', '/');
    }

    private static string FullPath(string path, string workingDirectory)
    {
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new BadInputException($"'{path}' is not a valid path");
        }

        try
        {
            return Path.GetFullPath(path, workingDirectory);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new BadInputException($"'{path}' is not a valid path: {OneLine(exception.Message)}", exception);
        }
    }

    private static List<string> SearchFolder(string folder, string shownAs)
    {
        var files = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            try
            {
                files.AddRange(Directory.EnumerateFiles(current, "*.cs").Select(file => Path.GetFullPath(file)));
                foreach (var child in Directory.EnumerateDirectories(current))
                {
                    var name = Path.GetFileName(child);
                    if (name is not ("bin" or "obj") && !name.StartsWith('.'))
                    {
                        pending.Push(child);
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new BadInputException($"cannot read folder {shownAs}: {OneLine(exception.Message)}", exception);
            }
        }

        return files;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
