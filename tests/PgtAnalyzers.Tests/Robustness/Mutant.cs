using Microsoft.CodeAnalysis.Text;

namespace PgtAnalyzers.Tests.Robustness;

/// <summary>A file with a few tokens deleted or duplicated: its text, where the first edit is, and what was done.</summary>
internal sealed record Mutant(SourceText Text, int FirstEdit, string Description);
