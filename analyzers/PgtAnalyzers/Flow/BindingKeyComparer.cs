using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>Compares binding keys: locals and parameters by symbol, CFG flow captures by id.</summary>
internal sealed class BindingKeyComparer : IEqualityComparer<object>
{
    public static readonly BindingKeyComparer Instance = new();

    public new bool Equals(object? x, object? y) =>
        x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : object.Equals(x, y);

    public int GetHashCode(object obj) =>
        obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
}
