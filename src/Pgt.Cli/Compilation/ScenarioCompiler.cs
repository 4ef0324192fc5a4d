using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Pgt.Cli.Compilation;

/// <summary>
/// Compiles files in-process with Roslyn: C# 12 (the newest the pinned Roslyn 4.8 parses; the port pins
/// the same <c>LangVersion</c>), nullable enabled, the SDK's implicit usings, against
/// <see cref="ReferenceSet"/> (plus the context, when there is one). A file that does not compile is a
/// <see cref="BadInputException"/> naming the compiler's first errors.
/// </summary>
public static class ScenarioCompiler
{
    /// <summary>The name of the in-memory assembly of the checked files.</summary>
    public const string ScenarioAssemblyName = "pgt-scenarios";

    /// <summary>The C# that scenario files and the port are written in (src/Pgt.S390 pins it too).</summary>
    public const LanguageVersion LanguageVersion = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp12;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion, DocumentationMode.None);

    public static CodeUnit CompileContext(ContextSource context, CancellationToken cancellation) =>
        Compile(context.AssemblyName, context.Files, [], null, "(the embedded port) does not compile", cancellation);

    public static CodeUnit CompileScenarios(IReadOnlyList<SourceFile> files, CodeUnit? context, CancellationToken cancellation) =>
        Compile(ScenarioAssemblyName, files, context is null ? [] : [context.Compilation.ToMetadataReference()], context, "does not compile", cancellation);

    private static CodeUnit Compile(
        string assemblyName,
        IReadOnlyList<SourceFile> files,
        IReadOnlyList<MetadataReference> extraReferences,
        CodeUnit? context,
        string failure,
        CancellationToken cancellation)
    {
        var trees = new Dictionary<SyntaxTree, SourceFile>();
        var ordered = new List<SyntaxTree>();
        foreach (var file in files)
        {
            var tree = CSharpSyntaxTree.ParseText(SourceText.From(file.Text, System.Text.Encoding.UTF8), ParseOptions, file.FullPath, cancellation);
            trees[tree] = file;
            ordered.Add(tree);
        }

        ordered.Add(ImplicitUsings.Tree(ParseOptions));
        var compilation = CSharpCompilation.Create(
            assemblyName,
            ordered,
            ReferenceSet.Default.AddRange(extraReferences),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release,
                deterministic: true));
        var unit = new CodeUnit(compilation, trees, context);
        var diagnostics = compilation.GetDiagnostics(cancellation);
        if (diagnostics.Any(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error))
        {
            throw new BadInputException(CompileErrors.Describe(unit, diagnostics, failure));
        }

        return unit;
    }
}
