using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Pgt.Cli.Compilation;

/// <summary>
/// The global usings the .NET SDK adds to a project with <c>ImplicitUsings</c>, so a file compiles under
/// pgt exactly as it does in a project of this repository.
/// </summary>
public static class ImplicitUsings
{
    public const string Path = "<implicit usings>";

    private const string Text = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    public static SyntaxTree Tree(CSharpParseOptions options) => CSharpSyntaxTree.ParseText(SourceText.From(Text, System.Text.Encoding.UTF8), options, Path);
}
