using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace PgtAnalyzers.Tests.Docs;

/// <summary>
/// The <c>csharp</c> blocks of analyzers/docs/annotations.md, each made a compilation unit: its <c>using</c>
/// lines first, then the rest as members of a class of its own, over the stand-in types of the prelude.
/// </summary>
internal static class AnnotationsPage
{
    public const string FileName = "annotations.md";

    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "Docs", FileName);

    public static IReadOnlyList<Example> Examples()
    {
        var examples = new List<Example>();
        var lines = File.ReadAllLines(Path);
        var heading = "";
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("#", StringComparison.Ordinal))
            {
                heading = lines[i].TrimStart('#', ' ');
            }

            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            var usings = new StringBuilder("using PgtAnalyzers.Annotations;\nusing StandIn;\nusing static StandIn.Kernel;\n");
            var members = new StringBuilder();
            var firstLine = i + 2;
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                (lines[i].StartsWith("using ", StringComparison.Ordinal) ? usings : members).Append("    ").Append(lines[i]).Append('\n');
            }

            var name = $"{heading} (line {firstLine})";
            var code = $"{usings}\nclass Example{examples.Count}\n{{\n{members}}}\n";
            examples.Add(new Example(name, code));
        }

        return examples;
    }

    /// <summary>One block: where it is on the page, and its code with the markup of its expected diagnostics.</summary>
    internal sealed record Example(string Name, string Code);
}
