using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>Files compiled together, as one project or one <c>pgt check</c> run compiles them, and which of them to type out.</summary>
/// <param name="Name">What failures call the set (its folder).</param>
/// <param name="Compilation">Every file of the set plus its context (prelude, implicit usings).</param>
/// <param name="Files">The trees to sweep: the set's own files, not the context.</param>
/// <param name="Group">Where the set comes from (the robustness corpus has one set per case).</param>
internal sealed record SourceSet(string Name, CSharpCompilation Compilation, IReadOnlyList<SyntaxTree> Files, string Group)
{
    public override string ToString() => Name;
}
