using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Which boolean variables are known true or false at each block of one body: a block reached only through
/// the true branch of <c>if (now)</c> runs only when <c>now</c> is true. Only variables that cannot change
/// while the body runs count (a parameter never assigned, a local assigned once at its declaration outside
/// any loop), so two blocks guarded by opposite values never both run in one invocation:
/// <c>if (now) PteFreeDefer(mm, t); if (!now) t[0] = 1;</c> holds no write after a deferral.
/// Computed on first use; a block reached only by an exception edge is guarded by nothing.
/// </summary>
internal sealed class BranchGuards
{
    private readonly ControlFlowGraph _graph;
    private readonly ISymbol? _owner;
    private ImmutableArray<Guard>[]? _byBlock;

    public BranchGuards(ControlFlowGraph graph, ISymbol? owner)
    {
        _graph = graph;
        _owner = owner;
    }

    /// <summary>The guards that hold on every path into block <paramref name="ordinal"/>.</summary>
    public ImmutableArray<Guard> At(int ordinal)
    {
        _byBlock ??= Compute();
        return (uint)ordinal < (uint)_byBlock.Length && !_byBlock[ordinal].IsDefault ? _byBlock[ordinal] : ImmutableArray<Guard>.Empty;
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

    private ImmutableArray<Guard>[] Compute()
    {
        var blocks = _graph.Blocks;
        var result = new ImmutableArray<Guard>[blocks.Length];
        if (!HasBooleanTests(blocks))
        {
            return result;
        }

        var stable = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        result[0] = ImmutableArray<Guard>.Empty;

        // A must-analysis: a block's guards are those on every incoming edge; it only shrinks, so it ends.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var block in blocks)
            {
                var guards = result[block.Ordinal];
                if (guards.IsDefault)
                {
                    continue;
                }

                var tested = block.ConditionKind != ControlFlowConditionKind.None ? TestedVariable(block.BranchValue, stable) : null;
                changed |= FlowInto(result, block.ConditionalSuccessor, guards, tested, block.ConditionKind == ControlFlowConditionKind.WhenTrue);
                changed |= FlowInto(result, block.FallThroughSuccessor, guards, tested, block.ConditionKind != ControlFlowConditionKind.WhenTrue);
            }
        }

        return result;
    }

    private static bool FlowInto(ImmutableArray<Guard>[] result, ControlFlowBranch? branch, ImmutableArray<Guard> guards, (ISymbol Variable, bool Negated)? tested, bool conditionTrue)
    {
        if (branch?.Destination is not { } destination)
        {
            return false;
        }

        var incoming = tested is { } test && !ContainsVariable(guards, test.Variable)
            ? guards.Add(new Guard(test.Variable, conditionTrue != test.Negated))
            : guards;
        var current = result[destination.Ordinal];
        var merged = current.IsDefault ? incoming : Common(current, incoming);
        if (!current.IsDefault && merged.Length == current.Length)
        {
            return false;
        }

        result[destination.Ordinal] = merged;
        return true;
    }

    private static bool ContainsVariable(ImmutableArray<Guard> guards, ISymbol variable)
    {
        foreach (var guard in guards)
        {
            if (SymbolEqualityComparer.Default.Equals(guard.Variable, variable))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasBooleanTests(ImmutableArray<BasicBlock> blocks)
    {
        foreach (var block in blocks)
        {
            if (block.ConditionKind != ControlFlowConditionKind.None && Strip(block.BranchValue, out _) is IParameterReferenceOperation or ILocalReferenceOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The stable boolean variable a branch tests (<c>c</c>, <c>!c</c>), or null.</summary>
    private (ISymbol Variable, bool Negated)? TestedVariable(IOperation? branchValue, Dictionary<ISymbol, bool> stable)
    {
        var symbol = Strip(branchValue, out var negated) switch
        {
            IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
            ILocalReferenceOperation local => local.Local,
            _ => null,
        };
        if (symbol is null)
        {
            return null;
        }

        if (!stable.TryGetValue(symbol, out var isStable))
        {
            isStable = IsStable(symbol);
            stable.Add(symbol, isStable);
        }

        return isStable ? (symbol, negated) : null;
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

    /// <summary>
    /// A bool the body cannot change: a by-value parameter of this body never assigned in its declaration
    /// (nested lambdas included), or a local declared with a value, never assigned again, and declared
    /// outside any loop of a declaration that has no <c>goto</c> (so each run of the body declares it once).
    /// Judged by name on the syntax: any assignment of that name disqualifies it.
    /// </summary>
    private bool IsStable(ISymbol symbol)
    {
        switch (symbol)
        {
            case IParameterSymbol { Type.SpecialType: SpecialType.System_Boolean, RefKind: RefKind.None or RefKind.In } parameter
                when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, _owner):
                return OwnerSyntax() is { } declaration && !Assigns(declaration, parameter.Name);
            case ILocalSymbol { Type.SpecialType: SpecialType.System_Boolean, IsRef: false, IsConst: false } local
                when local.DeclaringSyntaxReferences.Length == 1 && SymbolEqualityComparer.Default.Equals(local.ContainingSymbol, _owner):
            {
                var declarator = local.DeclaringSyntaxReferences[0].GetSyntax();
                if (declarator is not VariableDeclaratorSyntax { Initializer: not null } || OwnerSyntax() is not { } owner)
                {
                    return false;
                }

                for (var node = declarator.Parent; node is not null && node != owner; node = node.Parent)
                {
                    if (node is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                    {
                        return false;
                    }
                }

                return !Assigns(owner, local.Name) && !HasGoto(owner);
            }

            case ILocalSymbol { IsConst: true }:
                return true;
            default:
                return false;
        }
    }

    private SyntaxNode? OwnerSyntax() =>
        _owner is { DeclaringSyntaxReferences: { Length: 1 } references } ? references[0].GetSyntax() : null;

    private static bool HasGoto(SyntaxNode owner)
    {
        foreach (var node in owner.DescendantNodes())
        {
            if (node is GotoStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Assigns(SyntaxNode owner, string name)
    {
        foreach (var node in owner.DescendantNodes())
        {
            var target = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => argument.Expression,
                RefExpressionSyntax reference => reference.Expression,
                _ => null,
            };
            if (target is null)
            {
                continue;
            }

            // A deconstruction or tuple target names the variable inside it.
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

    /// <summary>A stable boolean variable and the value it has on the paths into a block.</summary>
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
