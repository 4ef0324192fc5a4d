using System.Collections.Generic;
using System.Linq;
using System.Text;
using PgtAnalyzers.Flow;
using PgtAnalyzers.Tests.Infrastructure;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>
/// Pathological but legal code, each with one write after a deferred free buried in it, so a test can tell
/// "analysed and found it" from "gave up (counted)" from "silently missed it". Sizes are the ones issue 6
/// names where it names one; every generator is deterministic.
/// </summary>
internal static class TortureInputs
{
    /// <summary>The planted bug: PGT001 on the second statement.</summary>
    private const string Bug = "PteFreeDefer(mm, table); table[0] = PteNone;";

    private const string Parameters = "[RequiresMm] Mm mm, PteTable table, Box box, int n";

    public static IEnumerable<TortureCase> All()
    {
        yield return new("NestedBlocks1000", Method(Nest(1000, "{", "}", Bug)), Expected: null);
        yield return new("Statements10000", Method(Repeat(10_000, i => $"table[{i % 256}] = {i}UL;") + Bug), Expected: null);
        yield return new("AliasChain5000", Method(
            "var alias0 = table;\n" + Repeat(5000, i => $"var alias{i + 1} = alias{i};") + "PteFreeDefer(mm, table); alias5000[0] = PteNone;"), Expected: null);
        yield return new("NestedLambdas200", Method(Nest(200, "RunLater(() => {", "});", Bug)), Expected: null);
        yield return new("NestedLocalFunctions200", Method(NestedLocalFunctions(200)), Expected: null);
        yield return new("SwitchStatement5000Cases", Method(
            Bug + "switch (n) {" + Repeat(5000, i => $"case {i}: table[{i % 256}] = {i}UL; break;") + "}"), GiveUpReason.TooManyBlocks);
        yield return new("SwitchExpression2500Arms", Method(
            Bug + "var word = n switch {" + Repeat(2500, i => $"{i} => {i}UL,") + "_ => 0UL }; table[1] = word;"), GiveUpReason.TooManyBlocks);
        yield return new("ElseIfChain1200", Method(
            Bug + "if (n == -1) table[1] = 1;" + Repeat(1200, i => $"else if (n == {i}) table[{i % 256}] = {i}UL;")), GiveUpReason.TooManyBlocks);
        yield return new("LeftDeepSum10000", Method(Bug + "table[1] = table[2]" + Repeat(10_000, i => $" + {i}UL", separator: "") + ";"), Expected: null);
        yield return new("RightDeepSum1000", Method(Bug + "table[1] = " + Nest(1000, "(1UL + ", ")", "2UL") + ";"), GiveUpReason.TooDeep);
        yield return new("NestedCalls1000", Method(Bug + "Same(" + Nest(1000, "Same(", ")", "table") + ")[1] = 1;"), GiveUpReason.TooDeep);
        yield return new("FluentChain3000", Method(Bug + "box" + Repeat(3000, _ => ".Self()", separator: "") + ".Table[1] = 1;"), Expected: null);
        yield return new("MemberChain3000", Method(Bug + "box" + Repeat(3000, _ => ".Me", separator: "") + ".Table[1] = 1;"), Expected: null);
        yield return new("NestedTuples100", Method(Bug + "var " + Nest(100, "(_, ", ")", "last") + " = " + Nest(100, "(1, ", ")", "table") + "; last[1] = 1;"), Expected: null);
        yield return new("NestedPatterns100", Method(Bug + "if (box is " + Nest(100, "{ Me: ", " }", "var inner") + ") inner.Table[1] = 1;"), Expected: null);
        yield return new("GenericRecursion", Helpers + """
            static T Same<T>(T value) => value;
            static void Recurse<T>(T value, int depth, [RequiresMm] Mm mm, PteTable table)
            {
                if (depth > 0)
                {
                    Recurse(new System.Collections.Generic.List<T> { value }, depth - 1, mm, table);
                }

                Same<System.Collections.Generic.List<System.Collections.Generic.List<System.Collections.Generic.List<PteTable>>>>(null!);
                PteFreeDefer(mm, table);
                table[0] = PteNone;
            }

            class Node<TSelf> where TSelf : Node<TSelf> { public TSelf? Next; }
            sealed class Loop : Node<Loop> { }
            sealed class Nest<T> { public Nest<Nest<T>> Deeper() => new(); }
            """ + "\nvoid Deep(" + Parameters + ") { var x = new Nest<int>()" + Repeat(60, _ => ".Deeper()", separator: "") + "; " + Bug + " }\n"
            + "void DeepType(" + Parameters + ") { " + Nest(100, "System.Collections.Generic.List<", ">", "PteTable") + "? x = null; " + Bug + " }\n",
            Expected: null);
    }

    /// <summary>What the cases chain through: a static identity, and a box whose members return itself.</summary>
    private const string Helpers = """
        static PteTable Same(PteTable table) => table;

        sealed class Box
        {
            public Box Me => this;
            public Box Self() => this;
            public PteTable Table = new PteTable();
        }

        """;

    private static string Method(string body) => Helpers + "void Torture(" + Parameters + ")\n{\n" + body + "\n}\n";

    private static string NestedLocalFunctions(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            text.Append("void Local").Append(i).Append("() {\n");
        }

        text.Append(Bug).Append('\n');
        for (var i = depth - 1; i >= 0; i--)
        {
            text.Append("}\nLocal").Append(i).Append("();\n");
        }

        return text.ToString();
    }

    private static string Nest(int depth, string open, string close, string inner)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            text.Append(open);
        }

        text.Append(inner);
        for (var i = 0; i < depth; i++)
        {
            text.Append(close);
        }

        return text.ToString();
    }

    private static string Repeat(int count, System.Func<int, string> line, string separator = "\n") =>
        string.Join(separator, Enumerable.Range(0, count).Select(line)) + separator;
}

/// <summary>
/// One torture input: class members using the stand-in kernel, and why the analysis must give up on it
/// (null: it is within the budget, so the planted bug must be reported).
/// </summary>
internal sealed record TortureCase(string Name, string Members, GiveUpReason? Expected)
{
    /// <summary>
    /// Without nullable analysis: Roslyn's nullable walker is what makes huge bodies slow to bind (5000 switch
    /// cases take tens of seconds with it), and these inputs test the analyzers, not Roslyn.
    /// </summary>
    public string Source => "#nullable disable\n" + Snippet.InClass(Members);

    public override string ToString() => Name;
}
