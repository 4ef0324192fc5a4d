using Microsoft.CodeAnalysis;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.Flow;

/// <summary>Why a body runs where there is no mm, for the PGT003 message.</summary>
internal sealed class NoMmContext
{
    public NoMmContext(EarlierCall origin, string explanation)
    {
        Origin = origin;
        Explanation = explanation;
    }

    /// <summary>The <c>[NoMm]</c> declaration, or the call whose <c>[NoMm]</c> parameter received the code.</summary>
    public EarlierCall Origin { get; }

    /// <summary>A phrase that ends the PGT003 message: <c>'PteFreeNow' is marked [NoMm] on line 3: there is no mm there</c>.</summary>
    public string Explanation { get; }

    /// <summary>The context of a method, lambda or local function marked <c>[NoMm]</c> itself; null if it is not.</summary>
    public static NoMmContext? DeclaredOn(IMethodSymbol? method, ContractIndex contracts)
    {
        if (method is null || !contracts.IsNoMm(method) || method.Locations.Length == 0)
        {
            return null;
        }

        var name = method.MethodKind == MethodKind.AnonymousFunction ? "the lambda" : method.Name;
        var origin = new EarlierCall(name, method.Locations[0], name, method);
        var declaration = contracts.NoMmDeclaration(method);
        if (declaration is not null && !SymbolEqualityComparer.Default.Equals(declaration, method.OriginalDefinition))
        {
            // Inherited: the override or implementation runs where its base member says.
            var declaredBy = declaration.ContainingType is { } type ? type.Name + "." + declaration.Name : declaration.Name;
            return new NoMmContext(origin, $"'{name}' on line {origin.Line} overrides or implements [NoMm] '{declaredBy}': there is no mm there");
        }

        return new NoMmContext(origin, $"'{name}' is marked [NoMm] on line {origin.Line}: there is no mm there");
    }
}
