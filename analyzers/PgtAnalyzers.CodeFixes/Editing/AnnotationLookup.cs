using System.Linq;
using Microsoft.CodeAnalysis;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.CodeFixes.Editing;

/// <summary>Reads the annotations by full name, as the analyzers do, so pasted internal copies count too.</summary>
internal static class AnnotationLookup
{
    /// <param name="attributeName">One of <see cref="AnnotationNames"/>, e.g. <c>ReleasesAttribute</c>.</param>
    public static bool Has(ISymbol symbol, string attributeName) =>
        symbol.GetAttributes().Any(attribute => IsAnnotation(attribute.AttributeClass, attributeName));

    public static bool IsAnnotation(INamedTypeSymbol? type, string attributeName) =>
        type is not null
            && type.Name == attributeName
            && type.ContainingNamespace?.ToDisplayString() == AnnotationNames.Namespace;
}
