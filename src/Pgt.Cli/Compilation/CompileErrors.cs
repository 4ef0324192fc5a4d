using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Pgt.Cli.Compilation;

/// <summary>Turns compiler errors into the one line pgt prints: the first few, as <c>file:line:column: error CSnnnn: message</c>.</summary>
public static class CompileErrors
{
    private const int Shown = 3;

    public static string Describe(CodeUnit unit, IEnumerable<Diagnostic> diagnostics, string what = "does not compile")
    {
        var errors = diagnostics
            .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
            .Select(diagnostic => (Path: unit.DisplayPathOf(diagnostic.Location), Span: diagnostic.Location.GetLineSpan(), Diagnostic: diagnostic))
            .OrderBy(error => error.Path, StringComparer.Ordinal)
            .ThenBy(error => error.Span.StartLinePosition)
            .ThenBy(error => error.Diagnostic.Id, StringComparer.Ordinal)
            .ToList();
        if (errors.Count == 0)
        {
            return $"the code {what} (the compiler gave no error message)";
        }

        var first = string.Join("; ", errors.Take(Shown).Select(error => string.Create(
            CultureInfo.InvariantCulture,
            $"{error.Path}:{error.Span.StartLinePosition.Line + 1}:{error.Span.StartLinePosition.Character + 1}: error {error.Diagnostic.Id}: {error.Diagnostic.GetMessage(CultureInfo.InvariantCulture)}")));
        var more = errors.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $" (and {errors.Count - Shown} more errors)") : "";
        return $"{errors[0].Path} {what}: {first}{more}".ReplaceLineEndings(" ");
    }
}
