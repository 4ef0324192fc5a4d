using System.Globalization;

namespace Pgt.Benchmarks.Corpus;

/// <summary>
/// Writes a seeded C# corpus: the same seed and size give the same files, byte for byte. Each file is a
/// namespace with a few static classes; methods are port-shaped (annotated) or ordinary code, mixed at
/// <see cref="AnnotatedShare"/>. The stand-in types come as one more file.
/// </summary>
internal sealed class CorpusGenerator
{
    private const int LinesPerFile = 1000;
    private const int MethodsPerClass = 12;

    public CorpusGenerator(int seed) => Seed = seed;

    public int Seed { get; }

    /// <summary>Out of 100 methods, how many are port-shaped and annotated.</summary>
    public int AnnotatedShare { get; init; } = 40;

    /// <summary>Files of about 1,000 lines whose line count adds up to at least <paramref name="lines"/>, plus the stand-ins.</summary>
    public IReadOnlyList<CorpusFile> Generate(int lines)
    {
        var random = new Random(Seed);
        var standIn = StandInSource.Text + "\n";
        var files = new List<CorpusFile> { new(StandInSource.FileName, standIn, CountLines(standIn)) };
        var total = 0;
        for (var index = 0; total < lines; index++)
        {
            var file = WriteFile(random, $"Part{index.ToString(CultureInfo.InvariantCulture)}", index, Math.Min(LinesPerFile, Math.Max(lines - total, 50)), AnnotatedShare);
            files.Add(file);
            total += file.Lines;
        }

        return files;
    }

    /// <summary>One document of about <paramref name="lines"/> lines, mostly port-shaped: the editor's open file.</summary>
    public CorpusFile GenerateDocument(string name, int lines) =>
        WriteFile(new Random(Seed), "Open", 0, lines, annotatedShare: 80) with { Name = name };

    private static CorpusFile WriteFile(Random random, string part, int index, int lines, int annotatedShare)
    {
        var port = new PortShapedMethods(random);
        var ordinary = new OrdinaryMethods(random);
        var code = new SourceBuilder();
        code.Line("#nullable enable");
        code.Line("using System;");
        code.Line("using System.Collections.Generic;");
        code.Line("using System.Globalization;");
        code.Line("using System.IO;");
        code.Line("using System.Linq;");
        code.Line("using System.Text;");
        code.Line("using System.Threading.Tasks;");
        code.Line("using Corpus.StandIn;");
        code.Line("using PgtAnalyzers.Annotations;");
        code.Line("using static Corpus.StandIn.Kernel;");
        code.Line();
        code.Open($"namespace Corpus.{part}");
        var classIndex = 0;
        var method = 0;
        // Stop when the two closing braces (class, namespace) reach the size: files are never shorter than asked.
        while (code.Lines < lines - 2)
        {
            code.Open($"internal static class Module{classIndex++}");
            for (var m = 0; m < MethodsPerClass && code.Lines < lines - 2; m++)
            {
                if (m > 0)
                {
                    code.Line();
                }

                var id = $"_{index}_{method++}";
                if (random.Next(100) < annotatedShare)
                {
                    port.Write(code, id);
                }
                else
                {
                    ordinary.Write(code, id);
                }
            }

            code.Close();
        }

        code.Close();
        var name = $"{part}.cs";
        return new CorpusFile(name, code.ToString(), code.Lines);
    }

    private static int CountLines(string text) => text.Count(c => c == '\n');
}
