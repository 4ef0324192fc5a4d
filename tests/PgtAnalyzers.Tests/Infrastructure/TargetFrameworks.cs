using System.Collections.Generic;
using System.Linq;

namespace PgtAnalyzers.Tests.Infrastructure;

/// <summary>The preprocessor symbols the .NET SDK defines for a target framework, so sources compile as in a project.</summary>
internal static class TargetFrameworks
{
    public static IReadOnlyList<string> Net10Symbols { get; } =
        new[] { "TRACE", "NET", "NET10_0", "NETCOREAPP" }
            .Concat(new[] { "5_0", "6_0", "7_0", "8_0", "9_0", "10_0" }.Select(v => $"NET{v}_OR_GREATER"))
            .Concat(new[] { "1_0", "1_1", "2_0", "2_1", "2_2", "3_0", "3_1" }.Select(v => $"NETCOREAPP{v}_OR_GREATER"))
            .ToArray();

    public static IReadOnlyList<string> NetStandard20Symbols { get; } =
        new[] { "TRACE", "NETSTANDARD", "NETSTANDARD2_0" }
            .Concat(new[] { "1_0", "1_1", "1_2", "1_3", "1_4", "1_5", "1_6", "2_0" }.Select(v => $"NETSTANDARD{v}_OR_GREATER"))
            .ToArray();

    /// <summary>The global usings the SDK adds with <c>ImplicitUsings</c> (on in this repository's projects).</summary>
    public const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;
}
