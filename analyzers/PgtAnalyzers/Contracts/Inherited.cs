using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Contracts;

/// <summary>
/// The members a method or property inherits its contract from, one level up: the member it overrides and
/// the interface members it implements, explicitly or implicitly. Callers recurse through their caches,
/// so a chain of overrides is walked once per member.
/// </summary>
internal static class Inherited
{
    public static IEnumerable<ISymbol> Of(ISymbol member)
    {
        switch (member)
        {
            case IMethodSymbol method:
                if (method.OverriddenMethod is { } overridden)
                {
                    yield return overridden.OriginalDefinition;
                }

                foreach (var explicitImplementation in method.ExplicitInterfaceImplementations)
                {
                    yield return explicitImplementation.OriginalDefinition;
                }

                break;
            case IPropertySymbol property:
                if (property.OverriddenProperty is { } overriddenProperty)
                {
                    yield return overriddenProperty.OriginalDefinition;
                }

                foreach (var explicitImplementation in property.ExplicitInterfaceImplementations)
                {
                    yield return explicitImplementation.OriginalDefinition;
                }

                break;
            default:
                yield break;
        }

        foreach (var implemented in ImplicitlyImplemented(member))
        {
            yield return implemented;
        }
    }

    /// <summary>Interface members of the containing type that <paramref name="member"/> implements by name.</summary>
    private static IEnumerable<ISymbol> ImplicitlyImplemented(ISymbol member)
    {
        // A static member implements only a static abstract or virtual one (C# 11), which may be of any accessibility.
        if ((!member.IsStatic && member.DeclaredAccessibility != Accessibility.Public) || member.ContainingType is not { } type)
        {
            yield break;
        }

        foreach (var implementedInterface in type.AllInterfaces)
        {
            foreach (var candidate in implementedInterface.GetMembers(member.Name))
            {
                if (candidate.Kind == member.Kind
                    && candidate.IsStatic == member.IsStatic
                    && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate)?.OriginalDefinition, member))
                {
                    yield return candidate.OriginalDefinition;
                }
            }
        }
    }
}
