namespace PgtAnalyzers.Tests.Infrastructure;

/// <summary>Wraps test bodies in the usings every rule test shares, so a test shows only what matters.</summary>
internal static class Snippet
{
    public const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using PgtAnalyzers.Annotations;
        using StandIn;
        using static StandIn.Kernel;

        """;

    /// <summary><paramref name="members"/> as the members of a class <c>C</c>.</summary>
    public static string InClass(string members) => Usings + "partial class C\n{\n" + members + "\n}\n";
}
