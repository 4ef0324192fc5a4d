namespace Pgt.Cli.Static;

/// <summary>One PGT diagnostic, ready for every output format.</summary>
/// <param name="Id">The rule ID (<c>PGT001</c>).</param>
/// <param name="Severity"><c>error</c> or <c>warning</c>.</param>
/// <param name="Message">The analyzer's message.</param>
/// <param name="Position">Where it was reported.</param>
/// <param name="Related">Its additional locations (the earlier call that made the use illegal).</param>
/// <param name="InContext">Reported in context code (the port), charged to the scenarios that use the type.</param>
/// <param name="ContextType">For context diagnostics: the top-level type it is charged to.</param>
public sealed record StaticDiagnostic(
    string Id,
    string Severity,
    string Message,
    SourcePosition Position,
    IReadOnlyList<SourcePosition> Related,
    bool InContext,
    string? ContextType)
{
    /// <summary>The compiler's format: <c>path(line,col): error PGT001: message</c>.</summary>
    public override string ToString() =>
        $"{Position.Path}({Position.Line},{Position.Column}): {Severity} {Id}: {Message}";
}
