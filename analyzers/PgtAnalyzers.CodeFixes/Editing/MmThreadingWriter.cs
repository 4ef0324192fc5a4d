using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.CodeFixes.Editing;

/// <summary>
/// Writes an <see cref="MmThreadingPlan"/> into the document: new <c>[RequiresMm]</c> parameters, marked
/// parameters, replaced and added arguments, and the <c>using PgtAnalyzers.Annotations;</c> they need. New
/// code is parsed from text and given the file's own spacing, so nothing else is reformatted.
/// </summary>
internal static class MmThreadingWriter
{
    private const string AttributeShortName = "RequiresMm";

    public static async Task<Document> ApplyAsync(Document document, SemanticModel model, MmThreadingPlan plan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var positions = plan.NewParameters.Values.Select(added => added.Declaration.SpanStart)
            .Concat(plan.Marked.SelectMany(parameter => parameter.Locations).Where(location => location.SourceTree == root.SyntaxTree).Select(location => location.SourceSpan.Start))
            .ToList();
        var attributeName = AttributeNameAt(model, positions, out var needsUsing);
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);

        foreach (var replaced in plan.ReplacedArguments)
        {
            editor.ReplaceNode(replaced.Key, SyntaxFactory.IdentifierName(replaced.Value).WithTriviaFrom(replaced.Key));
        }

        foreach (var added in plan.AddedArguments)
        {
            editor.ReplaceNode(added.Key, (current, _) => WithArgument((ArgumentListSyntax)current, added.Value));
        }

        var parameterLists = new Dictionary<ParameterListSyntax, (MmThreadingPlan.NewParameter? Added, int Index, List<ParameterSyntax> Marked)>();
        foreach (var added in plan.NewParameters)
        {
            if (ParameterListOf(added.Value.Declaration) is { } list)
            {
                var index = added.Key.IsExtensionMethod ? 1 : 0;
                parameterLists[list] = (added.Value, index, new List<ParameterSyntax>());
            }
        }

        foreach (var parameter in plan.Marked)
        {
            var syntax = parameter.DeclaringSyntaxReferences
                .Where(reference => reference.SyntaxTree == root.SyntaxTree)
                .Select(reference => reference.GetSyntax(cancellationToken))
                .OfType<ParameterSyntax>()
                .FirstOrDefault();
            if (syntax?.Parent is ParameterListSyntax list)
            {
                if (!parameterLists.TryGetValue(list, out var edit))
                {
                    parameterLists[list] = edit = (null, 0, new List<ParameterSyntax>());
                }

                edit.Marked.Add(syntax);
            }
        }

        foreach (var edit in parameterLists)
        {
            var list = edit.Key;
            var (added, index, marked) = edit.Value;
            editor.ReplaceNode(list, (current, _) => Rewrite((ParameterListSyntax)current, list, added, index, marked, attributeName, model));
        }

        var changed = editor.GetChangedRoot();
        if (needsUsing && changed is CompilationUnitSyntax unit)
        {
            changed = WithAnnotationsUsing(unit);
        }

        return document.WithSyntaxRoot(changed);
    }

    /// <summary>
    /// How to spell the attribute where it goes: <c>RequiresMm</c> when it binds there already, or when
    /// nothing of that name is in scope anywhere and a using is added; fully qualified otherwise (another
    /// <c>RequiresMm</c> is in scope, or only some of the places see the annotation).
    /// </summary>
    private static string AttributeNameAt(SemanticModel model, IReadOnlyList<int> positions, out bool needsUsing)
    {
        needsUsing = false;
        if (positions.Count == 0)
        {
            return AttributeShortName;
        }

        var seen = positions
            .Select(position => model.LookupNamespacesAndTypes(position, name: AttributeShortName + "Attribute")
                .Concat(model.LookupNamespacesAndTypes(position, name: AttributeShortName))
                .ToList())
            .ToList();
        if (seen.All(symbols => symbols.Count == 0))
        {
            needsUsing = true;
            return AttributeShortName;
        }

        return seen.All(symbols => symbols.Count > 0 && symbols.All(symbol => AnnotationLookup.IsAnnotation(symbol as INamedTypeSymbol, AnnotationNames.RequiresMm)))
            ? AttributeShortName
            : AnnotationNames.Namespace + "." + AttributeShortName;
    }

    private static ParameterListSyntax? ParameterListOf(SyntaxNode declaration) => declaration switch
    {
        MethodDeclarationSyntax method => method.ParameterList,
        LocalFunctionStatementSyntax local => local.ParameterList,
        ConstructorDeclarationSyntax constructor => constructor.ParameterList,
        _ => null,
    };

    private static ParameterListSyntax Rewrite(
        ParameterListSyntax current,
        ParameterListSyntax original,
        MmThreadingPlan.NewParameter? added,
        int index,
        List<ParameterSyntax> marked,
        string attributeName,
        SemanticModel model)
    {
        var parameters = current.Parameters.ToList();
        var separators = current.Parameters.GetSeparators().ToList();
        for (var i = 0; i < parameters.Count; i++)
        {
            // The editor hands over the current list; match the marked ones by position in the original.
            if (marked.Contains(original.Parameters[i]))
            {
                parameters[i] = WithAttribute(parameters[i], attributeName);
            }
        }

        if (added is not null)
        {
            var type = added.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)
                .ToMinimalDisplayString(model, original.SpanStart);
            var parameter = SyntaxFactory.ParseParameterList($"([{attributeName}] {type} {added.Name})").Parameters[0];
            index = Math.Min(index, parameters.Count);
            parameters.Insert(index, parameter);
            if (parameters.Count > 1)
            {
                separators.Insert(Math.Min(index, separators.Count), CommaSpace());
            }
        }

        return current.WithParameters(SyntaxFactory.SeparatedList(parameters, separators));
    }

    private static ParameterSyntax WithAttribute(ParameterSyntax parameter, string attributeName)
    {
        var attribute = SyntaxFactory.ParseParameterList($"([{attributeName}] object x)").Parameters[0].AttributeLists[0]
            .WithLeadingTrivia(parameter.GetLeadingTrivia());
        return parameter.WithoutLeadingTrivia().WithAttributeLists(parameter.AttributeLists.Insert(0, attribute));
    }

    private static ArgumentListSyntax WithArgument(ArgumentListSyntax list, MmThreadingPlan.AddedArgument added)
    {
        var arguments = list.Arguments.ToList();
        var separators = list.Arguments.GetSeparators().ToList();
        var argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(added.Mm));
        if (added.Name is not null)
        {
            argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(added.Name)).WithTrailingTrivia(SyntaxFactory.Space));
        }

        var index = Math.Min(added.Index, arguments.Count);
        arguments.Insert(index, argument);
        if (arguments.Count > 1)
        {
            // The new comma goes right before the new argument, or after it when it is first: the line
            // breaks after the existing commas stay where they were.
            separators.Insert(Math.Max(index - 1, 0), CommaSpace());
        }

        return list.WithArguments(SyntaxFactory.SeparatedList(arguments, separators));
    }

    private static SyntaxToken CommaSpace() =>
        SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.CommaToken, SyntaxFactory.TriviaList(SyntaxFactory.Space));

    /// <summary>Adds <c>using PgtAnalyzers.Annotations;</c> among the file's usings, System ones first then by name.</summary>
    private static CompilationUnitSyntax WithAnnotationsUsing(CompilationUnitSyntax unit)
    {
        var endOfLine = SourceLayout.EndOfLine(unit);
        var directive = SyntaxFactory.ParseCompilationUnit($"using {AnnotationNames.Namespace};").Usings[0].WithTrailingTrivia(endOfLine);
        var usings = unit.Usings;
        if (usings.Count == 0)
        {
            // The file's header comments stay on top; a blank line sets the using apart.
            directive = directive.WithLeadingTrivia(unit.GetLeadingTrivia()).WithTrailingTrivia(endOfLine, endOfLine);
            return unit.WithoutLeadingTrivia().WithUsings(usings.Add(directive));
        }

        var index = 0;
        while (index < usings.Count && ComesBefore(usings[index], AnnotationNames.Namespace))
        {
            index++;
        }

        if (index == 0)
        {
            directive = directive.WithLeadingTrivia(usings[0].GetLeadingTrivia());
            usings = usings.Replace(usings[0], usings[0].WithoutLeadingTrivia());
        }

        return unit.WithUsings(usings.Insert(index, directive));
    }

    private static bool ComesBefore(UsingDirectiveSyntax existing, string name)
    {
        if (existing.Alias is not null || !existing.StaticKeyword.IsKind(SyntaxKind.None) || existing.Name is null)
        {
            return false;
        }

        var text = existing.Name.ToString();
        return IsSystem(text) != IsSystem(name)
            ? IsSystem(text)
            : string.Compare(text, name, StringComparison.OrdinalIgnoreCase) < 0;
    }

    private static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);
}
