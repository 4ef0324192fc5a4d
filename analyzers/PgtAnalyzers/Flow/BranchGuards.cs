using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Which bools a body tracks by value, so facts can be correlated with them: a deferral made where
/// <c>now</c> is true is not met by a use where it is false (<c>if (now) PteFreeDefer(mm, t); if (!now) t[0] = 1;</c>),
/// and a flag set beside a deferral says where it happened (<c>done = true</c>). The state knows a bool's value
/// after a constant is assigned to it and on each branch of a test of it (<see cref="FlowState.KnownBools"/>);
/// a fact carries the values known where it was made, updated as the bools are assigned and intersected at
/// merges. Tracked: the body's own by-value bool parameters and locals that nothing but the body's own
/// assignments can change (no <c>ref</c> or <c>out</c> of them, no deconstruction into them, no assignment
/// inside a lambda or local function). Judged by name on the syntax, so a doubt means "not tracked".
/// </summary>
internal sealed class BranchGuards
{
    private readonly ISymbol? _owner;
    private readonly Dictionary<ISymbol, bool> _tracked = new(SymbolEqualityComparer.Default);

    public BranchGuards(ISymbol? owner)
    {
        _owner = owner;
    }

    /// <summary>True when some guard of <paramref name="first"/> is the opposite of one of <paramref name="second"/>.</summary>
    public static bool Contradict(ImmutableArray<Guard> first, ImmutableArray<Guard> second)
    {
        foreach (var a in first)
        {
            foreach (var b in second)
            {
                if (a.Value != b.Value && SymbolEqualityComparer.Default.Equals(a.Variable, b.Variable))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The guards both sides have (a fact joined from two paths holds under what both paths share).</summary>
    public static ImmutableArray<Guard> Common(ImmutableArray<Guard> first, ImmutableArray<Guard> second)
    {
        if (first.IsEmpty || second.IsEmpty)
        {
            return ImmutableArray<Guard>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<Guard>();
        foreach (var guard in first)
        {
            if (second.Contains(guard))
            {
                builder.Add(guard);
            }
        }

        return builder.Count == first.Length ? first : builder.ToImmutable();
    }

    /// <summary><paramref name="guards"/> with <paramref name="variable"/>'s value replaced: set, or forgotten when null.</summary>
    public static ImmutableArray<Guard> With(ImmutableArray<Guard> guards, ISymbol variable, bool? value)
    {
        var result = guards;
        for (var i = 0; i < result.Length; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(result[i].Variable, variable))
            {
                result = result.RemoveAt(i);
                break;
            }
        }

        return value is { } known ? result.Add(new Guard(variable, known)) : result;
    }

    /// <summary>The tracked bool a branch tests (<c>c</c>, <c>!c</c>) and whether the test is negated, or null.</summary>
    public (ISymbol Variable, bool Negated)? TestedVariable(IOperation? branchValue)
    {
        var symbol = Strip(branchValue, out var negated) switch
        {
            IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };
        return symbol is not null && IsTracked(symbol) ? (symbol, negated) : null;
    }

    /// <summary>Whether <paramref name="symbol"/> is a bool this body tracks by value.</summary>
    public bool IsTracked(ISymbol symbol)
    {
        if (!_tracked.TryGetValue(symbol, out var tracked))
        {
            tracked = Trackable(symbol);
            _tracked.Add(symbol, tracked);
        }

        return tracked;
    }

    private static IOperation? Strip(IOperation? operation, out bool negated)
    {
        negated = false;
        while (true)
        {
            switch (operation)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not:
                    negated = !negated;
                    operation = not.Operand;
                    break;
                case IConversionOperation { OperatorMethod: null, IsImplicit: true } conversion:
                    operation = conversion.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    private bool Trackable(ISymbol symbol)
    {
        var name = symbol switch
        {
            IParameterSymbol { Type.SpecialType: SpecialType.System_Boolean, RefKind: RefKind.None or RefKind.In } parameter => parameter.Name,
            // An ordinary declaration: a pattern, `out var` or foreach variable gets values by no assignment.
            ILocalSymbol { Type.SpecialType: SpecialType.System_Boolean, IsRef: false, DeclaringSyntaxReferences.Length: 1 } local
                when local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax => local.Name,
            _ => null,
        };
        return name is not null
            && SymbolEqualityComparer.Default.Equals(symbol.ContainingSymbol, _owner)
            && OwnerSyntax() is { } declaration
            && !ChangedOutOfSight(declaration, name);
    }

    private SyntaxNode? OwnerSyntax() =>
        _owner is { DeclaringSyntaxReferences: { Length: 1 } references } ? references[0].GetSyntax() : null;

    /// <summary>
    /// Whether a variable named <paramref name="name"/> may change where the flow analysis does not see it:
    /// passed by <c>ref</c> or <c>out</c>, taken by <c>ref</c> or by address, deconstructed into, or assigned inside a
    /// lambda or local function (which may run at any call).
    /// </summary>
    private static bool ChangedOutOfSight(SyntaxNode owner, string name)
    {
        foreach (var node in owner.DescendantNodes())
        {
            var target = node switch
            {
                ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => argument.Expression,
                RefExpressionSyntax reference => reference.Expression,
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.AddressOfExpression } address => address.Operand,
                AssignmentExpressionSyntax { Left: TupleExpressionSyntax or DeclarationExpressionSyntax } deconstruction => deconstruction.Left,
                AssignmentExpressionSyntax assignment when InNestedFunction(assignment, owner) => assignment.Left,
                PrefixUnaryExpressionSyntax prefix when InNestedFunction(prefix, owner) => prefix.Operand,
                PostfixUnaryExpressionSyntax postfix when InNestedFunction(postfix, owner) => postfix.Operand,
                _ => null,
            };
            if (target is null)
            {
                continue;
            }

            foreach (var identifier in target.DescendantNodesAndSelf())
            {
                if (identifier is IdentifierNameSyntax { Identifier.ValueText: var text } && text == name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool InNestedFunction(SyntaxNode node, SyntaxNode owner)
    {
        for (var current = node.Parent; current is not null && current != owner; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A tracked bool and the value it has on the paths a fact or state describes.</summary>
    internal readonly struct Guard : System.IEquatable<Guard>
    {
        public Guard(ISymbol variable, bool value)
        {
            Variable = variable;
            Value = value;
        }

        public ISymbol Variable { get; }

        public bool Value { get; }

        public bool Equals(Guard other) => Value == other.Value && SymbolEqualityComparer.Default.Equals(Variable, other.Variable);

        public override bool Equals(object? obj) => obj is Guard other && Equals(other);

        public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Variable) ^ (Value ? 1 : 0);
    }
}
