namespace Pgt.Benchmarks.Corpus;

/// <summary>
/// Unannotated code of the kind every project has: text and collection processing, streams and readers
/// (some left undisposed, as real code leaves them), switches, exceptions, async. The rules must stay
/// silent here and cheap: it is most of the corpus.
/// </summary>
internal sealed class OrdinaryMethods
{
    private readonly Random _random;

    public OrdinaryMethods(Random random) => this._random = random;

    public void Write(SourceBuilder code, string id)
    {
        switch (_random.Next(7))
        {
            case 0:
                Text(code, id);
                break;
            case 1:
                Streams(code, id);
                break;
            case 2:
                Switches(code, id);
                break;
            case 3:
                Collections(code, id);
                break;
            case 4:
                Exceptions(code, id);
                break;
            case 5:
                Async(code, id);
                break;
            default:
                Reader(code, id);
                break;
        }
    }

    private void Text(SourceBuilder code, string id)
    {
        code.Open($"public static string Summarize{id}(IReadOnlyList<string> words, int width)");
        code.Line("var builder = new StringBuilder();");
        code.Open("foreach (var word in words.Where(w => w.Length > 0).OrderBy(w => w, StringComparer.Ordinal))");
        code.Open("if (builder.Length + word.Length > width)");
        code.Line("builder.AppendLine();");
        code.Close();
        code.Line($"builder.Append(word.Trim().ToUpperInvariant()).Append('{(char)('a' + _random.Next(26))}');");
        code.Close();
        code.Line($"var total = words.Sum(w => w.Length) + {_random.Next(100)};");
        code.Line("return builder.ToString() + total.ToString(CultureInfo.InvariantCulture);");
        code.Close();
    }

    private void Streams(SourceBuilder code, string id)
    {
        code.Open($"public static byte[] Encode{id}(IEnumerable<int> values)");
        code.Line("using var stream = new MemoryStream();");
        code.Line("using var writer = new BinaryWriter(stream);");
        code.Open("foreach (var value in values)");
        code.Line($"writer.Write(value ^ {_random.Next(1 << 16)});");
        code.Close();
        code.Line("writer.Flush();");
        code.Line("return stream.ToArray();");
        code.Close();
    }

    private void Reader(SourceBuilder code, string id)
    {
        // Left undisposed on purpose: what CA2000 and IDISP001 exist for.
        code.Open($"public static string? FirstLine{id}(string text)");
        code.Line("var reader = new StringReader(text);");
        code.Line("var line = reader.ReadLine();");
        code.Open("while (line is not null && line.Length == 0)");
        code.Line("line = reader.ReadLine();");
        code.Close();
        code.Line("return line;");
        code.Close();
    }

    private void Switches(SourceBuilder code, string id)
    {
        code.Open($"public static int Classify{id}(object? value)");
        code.Open("return value switch");
        code.Line("null => 0,");
        code.Line($"int n when n > {_random.Next(1000)} => 1,");
        code.Line("int => 2,");
        code.Line("string { Length: > 3 } s => s.Length,");
        code.Line("IEnumerable<int> items => items.Count(),");
        code.Line("_ => -1,");
        code.Close(";");
        code.Close();
    }

    private void Collections(SourceBuilder code, string id)
    {
        code.Open($"public static Dictionary<string, int> Count{id}(IEnumerable<string> keys)");
        code.Line("var counts = new Dictionary<string, int>(StringComparer.Ordinal);");
        code.Open("foreach (var key in keys)");
        code.Line("counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;");
        code.Close();
        code.Line($"var limit = {1 + _random.Next(50)};");
        code.Open("foreach (var stale in counts.Where(p => p.Value > limit).Select(p => p.Key).ToList())");
        code.Line("counts.Remove(stale);");
        code.Close();
        code.Line("return counts;");
        code.Close();
    }

    private void Exceptions(SourceBuilder code, string id)
    {
        code.Open($"public static int Parse{id}(string text)");
        code.Open("try");
        code.Line("var value = int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);");
        code.Open($"if (value < {_random.Next(10)})");
        code.Line("throw new ArgumentOutOfRangeException(nameof(text), value, \"too small\");");
        code.Close();
        code.Line("return value;");
        code.Close();
        code.Open("catch (FormatException)");
        code.Line("return -1;");
        code.Close();
        code.Open("finally");
        code.Line("GC.KeepAlive(text);");
        code.Close();
        code.Close();
    }

    private void Async(SourceBuilder code, string id)
    {
        code.Open($"public static async Task<int> Gather{id}(IEnumerable<Func<Task<int>>> sources)");
        code.Line("var total = 0;");
        code.Open("foreach (var source in sources)");
        code.Line("total += await source().ConfigureAwait(false);");
        code.Close();
        code.Line($"await Task.Delay({_random.Next(3)}).ConfigureAwait(false);");
        code.Line("return total;");
        code.Close();
    }
}
