using Pgt.Cli.Compilation;

namespace Pgt.Cli.Checking;

/// <summary>A <c>[Scenario]</c> method found in a checked file.</summary>
/// <param name="Name">Its name in reports and traces: the method name, or <c>Type.Method</c> when two share it.</param>
/// <param name="Description">The attribute's one-line description.</param>
/// <param name="TypeName">The declaring type's reflection name (<c>Ns.Outer+Inner</c>).</param>
/// <param name="MethodName">The method's name.</param>
/// <param name="File">The file that declares it.</param>
/// <param name="Line">1-based line of the method's name.</param>
/// <param name="Column">1-based column of the method's name.</param>
/// <param name="Expected">What it declares.</param>
public sealed record ScenarioDeclaration(
    string Name,
    string Description,
    string TypeName,
    string MethodName,
    SourceFile File,
    int Line,
    int Column,
    Expectation Expected);
