using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Pgt.Cli.Checking;

namespace Pgt.Cli.Compilation;

/// <summary>
/// Finds the <c>[Scenario]</c> methods of the checked files with the semantic model, reads what they
/// declare, and checks the one signature rule: <c>public static void Name(X arg)</c> where X is
/// <c>IExecution</c>, or a type with a public constructor whose first parameter is an <c>IExecution</c>
/// and whose other parameters are optional (the kernel's <c>Machine</c>).
/// </summary>
public static class ScenarioFinder
{
    public const string AttributeName = "Pgt.Emulator.Scenarios.ScenarioAttribute";
    public const string ExecutionName = "Pgt.Emulator.Exploration.IExecution";

    public static IReadOnlyList<ScenarioDeclaration> Find(CodeUnit unit, CancellationToken cancellation)
    {
        var found = new List<(IMethodSymbol Method, SourceFile File, Location Location, AttributeData Attribute)>();
        foreach (var (tree, file) in unit.Files)
        {
            var model = unit.Compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot(cancellation).DescendantNodes().OfType<BaseMethodDeclarationSyntax>()
                         .Concat<SyntaxNode>(tree.GetRoot(cancellation).DescendantNodes().OfType<LocalFunctionStatementSyntax>()))
            {
                if (model.GetDeclaredSymbol(declaration, cancellation) is not IMethodSymbol method)
                {
                    continue;
                }

                var attribute = method.GetAttributes().FirstOrDefault(data => data.AttributeClass?.ToDisplayString() == AttributeName);
                if (attribute is null)
                {
                    continue;
                }

                var location = method.Locations.FirstOrDefault(l => l.IsInSource) ?? declaration.GetLocation();
                CheckSignature(method, file, location);
                found.Add((method, file, location, attribute));
            }
        }

        RequireScenarios(unit, found.Select(entry => entry.File).ToHashSet());
        var duplicated = found.GroupBy(entry => entry.Method.Name).Where(group => group.Count() > 1).Select(group => group.Key).ToHashSet();
        var scenarios = found.Select(entry => Declare(entry.Method, entry.File, entry.Location, entry.Attribute, duplicated.Contains(entry.Method.Name))).ToList();
        var clash = scenarios.GroupBy(scenario => scenario.Name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (clash is not null)
        {
            var where = string.Join(" and ", clash.Select(scenario => $"{scenario.File.DisplayPath}:{scenario.Line}"));
            throw new BadInputException($"two scenarios are both named {clash.Key} ({where}); rename one");
        }

        return scenarios;
    }

    /// <summary>The reflection name of a type: <c>Namespace.Outer+Inner`1</c>.</summary>
    public static string ReflectionName(INamedTypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            name = outer.MetadataName + "+" + name;
            type = outer;
        }

        var space = type.ContainingNamespace;
        return space is null || space.IsGlobalNamespace ? name : space.ToDisplayString() + "." + name;
    }

    private static void RequireScenarios(CodeUnit unit, HashSet<SourceFile> withScenarios)
    {
        var files = unit.Files.Select(entry => entry.File).ToList();
        var bare = files.FirstOrDefault(file => file.Explicit && !withScenarios.Contains(file));
        if (bare is not null)
        {
            throw new BadInputException($"{bare.DisplayPath} declares no scenario (a public static method marked [Scenario(...)])");
        }

        if (withScenarios.Count == 0)
        {
            throw new BadInputException($"no scenario found in {files.Count} file(s) (a scenario is a public static method marked [Scenario(...)])");
        }
    }

    private static void CheckSignature(IMethodSymbol method, SourceFile file, Location location)
    {
        var line = location.GetLineSpan().StartLinePosition.Line + 1;
        var shape = method.MethodKind == MethodKind.Ordinary
            && method.IsStatic
            && method.DeclaredAccessibility == Accessibility.Public
            && method.ReturnsVoid
            && !method.IsGenericMethod
            && method.Parameters.Length == 1
            && method.Parameters[0].RefKind == RefKind.None
            && IsAccessible(method.ContainingType);
        if (!shape || !AcceptsExecution(method.Parameters[0].Type))
        {
            throw new BadInputException(
                $"{file.DisplayPath}:{line}: scenario {method.Name} must be declared 'public static void {method.Name}(IExecution execution)' " +
                "in a public type, or take one argument of a type with a public constructor from IExecution (such as Machine)");
        }
    }

    private static bool IsAccessible(INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.ContainingType)
        {
            if (type.DeclaredAccessibility != Accessibility.Public || type.IsGenericType)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The one rule: IExecution itself, or a type built from one (first parameter IExecution, the rest optional).</summary>
    public static bool AcceptsExecution(ITypeSymbol type)
    {
        if (type.ToDisplayString() == ExecutionName)
        {
            return true;
        }

        return type is INamedTypeSymbol { IsAbstract: false } named
            && named.InstanceConstructors.Any(constructor =>
                constructor.DeclaredAccessibility == Accessibility.Public
                && constructor.Parameters.Length >= 1
                && constructor.Parameters[0].Type.ToDisplayString() == ExecutionName
                && constructor.Parameters.Skip(1).All(parameter => parameter.IsOptional));
    }

    private static ScenarioDeclaration Declare(IMethodSymbol method, SourceFile file, Location location, AttributeData attribute, bool qualify)
    {
        var description = attribute.ConstructorArguments.FirstOrDefault().Value as string ?? "";
        string? finding = null;
        var rules = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (argument, value) in attribute.NamedArguments)
        {
            if (argument == "ExpectFinding")
            {
                finding = value.Value as string;
            }
            else if (argument == "ExpectRules" && value.Kind == TypedConstantKind.Array)
            {
                foreach (var rule in value.Values)
                {
                    if (rule.Value is string id && id.Length > 0)
                    {
                        rules.Add(id);
                    }
                }
            }
        }

        var span = location.GetLineSpan().StartLinePosition;
        var name = qualify ? $"{method.ContainingType.Name}.{method.Name}" : method.Name;
        return new ScenarioDeclaration(
            name,
            description.ReplaceLineEndings(" "),
            ReflectionName(method.ContainingType),
            method.Name,
            file,
            span.Line + 1,
            span.Character + 1,
            new Expectation(string.IsNullOrEmpty(finding) ? null : finding, rules.ToList()));
    }
}
