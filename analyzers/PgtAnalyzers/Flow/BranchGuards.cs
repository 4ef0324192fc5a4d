using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Which variables a body tracks by value, so facts can be correlated with the conditions it tests: a deferral
/// made where <c>now</c> is true is not met by a use where it is false (<c>if (now) PteFreeDefer(mm, t); if (!now) t[0] = 1;</c>),
/// nor one made where <c>mask == 0</c> by a use where <c>mask != 0</c>, and a flag set beside a deferral says where it
/// happened (<c>done = true</c>, <c>state = 2</c>). The state knows the conditions that hold after a constant is
/// assigned and on each branch of a test (<see cref="FlowState.KnownConditions"/>); a fact carries the conditions
/// known where it was made, updated as their variables are assigned and intersected at merges. Tracked: the
/// body's own by-value bool, integer, char and enum parameters and locals that nothing but the body's own
/// assignments can change (no <c>ref</c> or <c>out</c> of them, no deconstruction into them, no assignment inside a
/// lambda or local function). Judged by name on the syntax, so a doubt means "not tracked".
/// </summary>
internal sealed class BranchGuards
{
    /// <summary>
    /// Most guards a fact or state keeps: past this a new one is not added, which only forgets (so reports, never
    /// hides). Keeps a chain of a thousand <c>if (n == i)</c> tests linear.
    /// </summary>
    public const int MaxGuards = 8;

    private static readonly Dictionary<ISymbol, int> NoneTested = new(SymbolEqualityComparer.Default);

    private readonly ISymbol? _owner;
    private readonly ControlFlowGraph _graph;
    private readonly GraphCaptures _captures;
    private readonly Dictionary<ISymbol, bool> _tracked = new(SymbolEqualityComparer.Default);
    private Dictionary<ISymbol, int>? _tested;
    private Guard?[]? _tests;
    private readonly Dictionary<SyntaxNode, HashSet<string>?> _assignedInWhen = new();
    private HashSet<string>? _changedOutOfSight;
    private HashSet<string>? _reassigned;

    public BranchGuards(ISymbol? owner, ControlFlowGraph graph, GraphCaptures captures)
    {
        _owner = owner;
        _graph = graph;
        _captures = captures;
    }

    /// <summary>What a test of a tracked variable can say about it.</summary>
    internal enum Relation
    {
        /// <summary>A bool is true.</summary>
        Truth,

        /// <summary>The variable equals the operand.</summary>
        Equal,

        /// <summary>The variable is at most the operand.</summary>
        LessOrEqual,

        /// <summary>The variable has one of the operand's bits set (<c>(mask &amp; 3) != 0</c>).</summary>
        AnyBitOf,

        /// <summary>
        /// The variable is one of the values 0 to 63 whose bits the operand sets: never a test, the join of
        /// equalities from two paths (<c>case 0: case 1:</c> reaches its section with the variable 0 or 1).
        /// </summary>
        OneOf,

        /// <summary>
        /// A reference variable holds the abstract value whose id is the operand. Never a test: a join makes
        /// "does not hold" (<see cref="FlowState.JoinFrom"/>), and a use through the variable knows it holds its value.
        /// </summary>
        Holds,
    }

    /// <summary>True when some guard of <paramref name="first"/> cannot hold together with one of <paramref name="second"/>.</summary>
    public static bool Contradict(ImmutableArray<Guard> first, ImmutableArray<Guard> second)
    {
        foreach (var a in first)
        {
            foreach (var b in second)
            {
                if (a.Excludes(b))
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
        var widened = false;
        foreach (var guard in first)
        {
            if (second.Contains(guard))
            {
                builder.Add(guard);
            }
            else if (guard.SmallValues is { } mine)
            {
                // One side knows the variable is a, the other b: here it is a or b.
                foreach (var other in second)
                {
                    if (other.SmallValues is { } theirs && SymbolEqualityComparer.Default.Equals(guard.Variable, other.Variable))
                    {
                        builder.Add(new Guard(guard.Variable, Relation.OneOf, (long)(mine | theirs), true));
                        widened = true;
                        break;
                    }
                }
            }
        }

        return builder.Count == first.Length && !widened ? first : builder.ToImmutable();
    }

    /// <summary><paramref name="guards"/> where <paramref name="test"/> is known too, replacing what they said of the same test.</summary>
    public static ImmutableArray<Guard> With(ImmutableArray<Guard> guards, Guard test)
    {
        if (guards.Contains(test))
        {
            return guards;
        }

        for (var i = 0; i < guards.Length; i++)
        {
            if (guards[i].SameTest(test))
            {
                return guards.SetItem(i, test);
            }
        }

        return guards.Length < MaxGuards ? guards.Add(test) : guards;
    }

    /// <summary><paramref name="guards"/> after <paramref name="variable"/> was assigned: what they said of it is forgotten, and <paramref name="value"/> (its new value, when a constant) is known.</summary>
    public static ImmutableArray<Guard> Assigned(ImmutableArray<Guard> guards, ISymbol variable, Guard? value)
    {
        var result = guards;
        for (var i = result.Length - 1; i >= 0; i--)
        {
            if (SymbolEqualityComparer.Default.Equals(result[i].Variable, variable))
            {
                result = result.RemoveAt(i);
            }
        }

        return value is { } known && result.Length < MaxGuards ? result.Add(known) : result;
    }

    /// <summary>What a branch block's value says when true (<c>now</c>, <c>!now</c>, <c>mask == 0</c>, <c>(mask &amp; 3) != 0</c>, <c>3 &lt; n</c>), or null when it tests no tracked variable against a constant.</summary>
    public Guard? TestedCondition(BasicBlock block)
    {
        TestedVariables();
        return _tests is { } tests && tests[block.Ordinal] is { } guard && IsTracked(guard.Variable) ? guard : null;
    }

    /// <summary>The guard a constant assignment makes known of <paramref name="variable"/>, or null when <paramref name="value"/> is no constant this tracks.</summary>
    public static Guard? AssignedConstant(ISymbol variable, IOperation? value)
    {
        if (value?.ConstantValue is not { HasValue: true, Value: { } constant })
        {
            return null;
        }

        if (constant is bool truth)
        {
            return new Guard(variable, Relation.Truth, 0, truth);
        }

        return AsInteger(constant) is { } number ? new Guard(variable, Relation.Equal, number, true) : null;
    }

    /// <summary>
    /// Whether <paramref name="symbol"/> is a variable this body tracks by value: one whose tests can say
    /// something of another point, so a bool or a variable two branches test or one assigned after its
    /// declaration (a flag). A loop counter tested only by its loop is not: tracking it would only churn the
    /// facts' guards. Either way is sound; tracking only adds precision.
    /// </summary>
    public bool IsTracked(ISymbol symbol)
    {
        if (!_tracked.TryGetValue(symbol, out var tracked))
        {
            tracked = symbol is ILocalSymbol { Type: var localType } ? HasTrackedType(localType)
                    : symbol is IParameterSymbol { Type: var parameterType } && HasTrackedType(parameterType);
            tracked = tracked
                && TestedVariables().TryGetValue(symbol, out var tests)
                && Trackable(symbol)
                && (tests > 1 || IsBool(symbol) || Reassigned().Contains(symbol.Name));
            _tracked.Add(symbol, tracked);
        }

        return tracked;
    }

    /// <summary>The variables the body's branches test, each branch's test read once (the fixpoint visits branches often).</summary>
    private Dictionary<ISymbol, int> TestedVariables()
    {
        if (_tested is null)
        {
            _tested = NoneTested;
            var blocks = _graph.Blocks;
            foreach (var block in blocks)
            {
                if (block.ConditionKind != ControlFlowConditionKind.None && Test(block.BranchValue) is { } guard)
                {
                    if (_tests is null)
                    {
                        _tests = new Guard?[blocks.Length];
                        _tested = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
                    }

                    _tests[block.Ordinal] = guard;
                    _tested[guard.Variable] = _tested.TryGetValue(guard.Variable, out var count) ? count + 1 : 1;
                }
            }
        }

        return _tested;
    }

    /// <summary>What a branch value says of a local or parameter when true, whether or not that variable is tracked.</summary>
    private Guard? Test(IOperation? branchValue)
    {
        var switchNode = branchValue is not null ? SwitchOfCase(branchValue) : null;
        var cases = switchNode is not null ? _captures : null;
        var guard = Strip(branchValue, out var negated) switch
        {
            IBinaryOperation { OperatorMethod: null } comparison => Comparison(comparison, cases),
            IIsPatternOperation { Value: var tested, Pattern: var pattern } when Variable(StripConversions(tested), cases) is { } variable => Pattern(variable, pattern),
            var other when Variable(other, cases) is { } variable && IsBool(variable) => new Guard(variable, Relation.Truth, 0, true),
            _ => (Guard?)null,
        };
        if (guard is { } found && switchNode is not null && AssignedInWhenClauses(switchNode) is { } assigned && assigned.Contains(found.Variable.Name))
        {
            // A `when` clause of this switch assigns the variable: a later case tests the value captured before it.
            return null;
        }

        return guard is { } known && negated ? known.Negated : guard;
    }

    /// <summary>
    /// The names the <c>when</c> clauses of <paramref name="switchNode"/> assign (<c>=</c>, compound, <c>++</c>/<c>--</c>),
    /// or null when none does; one scan per switch. Other ways to change a variable (<c>ref</c>, <c>out</c>, a lambda,
    /// deconstruction) already keep it from being tracked at all.
    /// </summary>
    private HashSet<string>? AssignedInWhenClauses(SyntaxNode switchNode)
    {
        if (!_assignedInWhen.TryGetValue(switchNode, out var assigned))
        {
            var whens = switchNode switch
            {
                SwitchStatementSyntax statement => statement.Sections.SelectMany(section => section.Labels)
                    .Select(label => (label as CasePatternSwitchLabelSyntax)?.WhenClause),
                SwitchExpressionSyntax expression => expression.Arms.Select(arm => arm.WhenClause),
                _ => Enumerable.Empty<WhenClauseSyntax?>(),
            };
            foreach (var when in whens)
            {
                if (when is null)
                {
                    continue;
                }

                foreach (var node in when.DescendantNodes())
                {
                    var target = node switch
                    {
                        AssignmentExpressionSyntax assignment => assignment.Left,
                        PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => prefix.Operand,
                        PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                        _ => null,
                    };
                    if (target is IdentifierNameSyntax { Identifier.ValueText: var name })
                    {
                        (assigned ??= new HashSet<string>()).Add(name);
                    }
                }
            }

            _assignedInWhen.Add(switchNode, assigned);
        }

        return assigned;
    }

    /// <summary>
    /// The <c>switch</c> statement or expression whose case <paramref name="test"/> is, or null: a case tests the
    /// value the switch captured, which is the variable's unless a <c>when</c> clause, the only code between the
    /// capture and the cases, assigns it (<see cref="AssignedInWhenClauses"/>).
    /// </summary>
    private static SyntaxNode? SwitchOfCase(IOperation test)
    {
        SyntaxNode? previous = null;
        for (var node = test.Syntax; node is not null; previous = node, node = node.Parent)
        {
            switch (node)
            {
                case SwitchStatementSyntax or SwitchExpressionSyntax when previous is SwitchSectionSyntax or SwitchExpressionArmSyntax:
                    return node;
                case SwitchExpressionArmSyntax arm when previous is null || previous == arm.Pattern:
                case PatternSyntax or SwitchLabelSyntax or SwitchSectionSyntax:
                case ExpressionSyntax when node.Parent is CaseSwitchLabelSyntax:
                    // Still in a case label or an arm's pattern: the test of the switch's own value.
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>A pattern over a variable: <c>is 0</c>, <c>is not 0</c>, <c>is &gt; 2</c>, <c>is true</c>.</summary>
    private static Guard? Pattern(ISymbol variable, IPatternOperation pattern)
    {
        switch (pattern)
        {
            case INegatedPatternOperation negated:
                return Pattern(variable, negated.Pattern) is { } inner ? inner.Negated : null;
            case IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: { } constant } }:
                return Against(variable, BinaryOperatorKind.Equals, constant);
            case IRelationalPatternOperation { Value.ConstantValue: { HasValue: true, Value: { } bound } } relational:
                return Against(variable, relational.OperatorKind, bound);
            default:
                return null;
        }
    }

    private static Guard? Comparison(IBinaryOperation comparison, GraphCaptures? cases)
    {
        var kind = comparison.OperatorKind;
        if (kind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
            or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual))
        {
            return null;
        }

        // The shape is checked before any constant is read: reading one boxes it.
        var left = StripConversions(comparison.LeftOperand);
        var right = StripConversions(comparison.RightOperand);
        if (!TestsAVariable(left, cases))
        {
            if (!TestsAVariable(right, cases))
            {
                return null;
            }

            // The constant on the left (`0 == mask`, `3 < n`): read it the other way round.
            (left, right) = (right, left);
            kind = kind switch
            {
                BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
                BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
                BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
                BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
                _ => kind,
            };
        }

        if (right.ConstantValue is not { HasValue: true, Value: { } constant })
        {
            return null;
        }

        if (left is IBinaryOperation { OperatorKind: BinaryOperatorKind.And, OperatorMethod: null } masked)
        {
            // `(mask & bits) != 0`, `(mask & bits) == 0`.
            var (variableSide, bitsSide) = Variable(StripConversions(masked.LeftOperand), cases) is not null
                ? (masked.LeftOperand, masked.RightOperand)
                : (masked.RightOperand, masked.LeftOperand);
            return Variable(StripConversions(variableSide), cases) is { } maskedVariable
                && !IsBool(maskedVariable)
                && AsInteger(constant) == 0
                && bitsSide.ConstantValue is { HasValue: true, Value: { } bits }
                && AsInteger(bits) is { } bitsValue
                && kind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
                ? new Guard(maskedVariable, Relation.AnyBitOf, bitsValue, kind == BinaryOperatorKind.NotEquals)
                : null;
        }

        return Variable(left, cases) is { } variable ? Against(variable, kind, constant) : null;
    }

    /// <summary>The guard <c>variable kind constant</c> is when true (<c>mask != 0</c>, <c>n &lt; 3</c>, <c>now == false</c>).</summary>
    private static Guard? Against(ISymbol variable, BinaryOperatorKind kind, object constant)
    {
        if (IsBool(variable))
        {
            return constant is bool truth && kind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
                ? new Guard(variable, Relation.Truth, 0, truth == (kind == BinaryOperatorKind.Equals))
                : null;
        }

        if (AsInteger(constant) is not { } operand)
        {
            return null;
        }

        return kind switch
        {
            BinaryOperatorKind.Equals => new Guard(variable, Relation.Equal, operand, true),
            BinaryOperatorKind.NotEquals => new Guard(variable, Relation.Equal, operand, false),
            // An integer below k is at most k - 1: one relation, so `n < 1` and `n > 0` are one test.
            BinaryOperatorKind.LessThan when operand > long.MinValue => new Guard(variable, Relation.LessOrEqual, operand - 1, true),
            BinaryOperatorKind.GreaterThanOrEqual when operand > long.MinValue => new Guard(variable, Relation.LessOrEqual, operand - 1, false),
            BinaryOperatorKind.LessThanOrEqual => new Guard(variable, Relation.LessOrEqual, operand, true),
            BinaryOperatorKind.GreaterThan => new Guard(variable, Relation.LessOrEqual, operand, false),
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="operation"/> is a local or parameter, or one masked by <c>&amp;</c>.</summary>
    private static bool TestsAVariable(IOperation operation, GraphCaptures? cases) =>
        Variable(operation, cases) is not null
        || operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.And, OperatorMethod: null } masked
            && (Variable(StripConversions(masked.LeftOperand), cases) is not null || Variable(StripConversions(masked.RightOperand), cases) is not null);

    /// <summary>The local or parameter <paramref name="operation"/> reads; with <paramref name="cases"/>, a switch's capture of one too.</summary>
    private static ISymbol? Variable(IOperation? operation, GraphCaptures? cases) => operation switch
    {
        IParameterReferenceOperation parameter => parameter.Parameter,
        ILocalReferenceOperation local => local.Local,
        IFlowCaptureReferenceOperation capture when cases?.SourceOf(capture.Id) is ISymbol captured => captured,
        _ => null,
    };

    private static bool IsBool(ISymbol variable) =>
        variable is ILocalSymbol { Type.SpecialType: SpecialType.System_Boolean } or IParameterSymbol { Type.SpecialType: SpecialType.System_Boolean };

    /// <summary>An integral constant as a long, or null (a ulong beyond long's range, a float, a string).</summary>
    private static long? AsInteger(object constant) => constant switch
    {
        sbyte value => value,
        byte value => value,
        short value => value,
        ushort value => value,
        char value => value,
        int value => value,
        uint value => value,
        long value => value,
        ulong value when value <= long.MaxValue => (long)value,
        _ => null,
    };

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

    /// <summary>The operand under implicit built-in conversions, which keep an integer's value (<c>byte</c> to <c>int</c>).</summary>
    private static IOperation StripConversions(IOperation operation)
    {
        while (operation is IConversionOperation { OperatorMethod: null, IsImplicit: true } conversion
               && (conversion.Conversion.IsNumeric || conversion.Conversion.IsIdentity))
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private bool Trackable(ISymbol symbol)
    {
        var (name, type) = symbol switch
        {
            IParameterSymbol { RefKind: RefKind.None or RefKind.In } parameter => (parameter.Name, parameter.Type),
            // An ordinary declaration: a pattern, `out var` or foreach variable gets values by no assignment.
            ILocalSymbol { IsRef: false, DeclaringSyntaxReferences.Length: 1 } local
                when local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax => (local.Name, local.Type),
            _ => (null, null),
        };
        return name is not null
            && type is not null
            && HasTrackedType(type)
            && SymbolEqualityComparer.Default.Equals(symbol.ContainingSymbol, _owner)
            && !ChangedOutOfSight().Contains(name);
    }

    private static bool HasTrackedType(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Enum
        || type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char
            or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64;

    /// <summary>The names of the variables the owner's body may change out of the flow's sight (one scan per body).</summary>
    private HashSet<string> ChangedOutOfSight()
    {
        ScanOwner();
        return _changedOutOfSight!;
    }

    /// <summary>The names the owner's body assigns with <c>=</c> after their declaration (same scan).</summary>
    private HashSet<string> Reassigned()
    {
        ScanOwner();
        return _reassigned!;
    }

    private void ScanOwner()
    {
        if (_changedOutOfSight is null)
        {
            _changedOutOfSight = new HashSet<string>();
            _reassigned = new HashSet<string>();
            if (OwnerSyntax() is { } declaration)
            {
                ScanAssignments(declaration, _changedOutOfSight, _reassigned);
            }
        }
    }

    private SyntaxNode? OwnerSyntax() =>
        _owner is { DeclaringSyntaxReferences: { Length: 1 } references } ? references[0].GetSyntax() : null;

    /// <summary>
    /// Adds to <paramref name="outOfSight"/> the names of the variables that may change where the flow
    /// analysis does not see it: passed by <c>ref</c> or <c>out</c>, taken by <c>ref</c> or by address, deconstructed
    /// into, or assigned inside a lambda or local function (which may run at any call); and to
    /// <paramref name="reassigned"/> those a simple assignment names.
    /// </summary>
    private static void ScanAssignments(SyntaxNode owner, HashSet<string> outOfSight, HashSet<string> reassigned)
    {
        foreach (var node in owner.DescendantNodes())
        {
            if (node is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: IdentifierNameSyntax { Identifier.ValueText: var assigned } })
            {
                reassigned.Add(assigned);
            }

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
                if (identifier is IdentifierNameSyntax { Identifier.ValueText: var text })
                {
                    outOfSight.Add(text);
                }
            }
        }
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

    /// <summary>A test of a tracked variable against a constant, and its outcome on the paths a fact or state describes.</summary>
    internal readonly struct Guard : System.IEquatable<Guard>
    {
        public Guard(ISymbol variable, Relation relation, long operand, bool value)
        {
            Variable = variable;
            Relation = relation;
            Operand = operand;
            Value = value;
        }

        public ISymbol Variable { get; }

        public Relation Relation { get; }

        public long Operand { get; }

        public bool Value { get; }

        public Guard Negated => new(Variable, Relation, Operand, !Value);

        /// <summary>Whether both are outcomes of one test.</summary>
        public bool SameTest(Guard other) =>
            Relation == other.Relation && Operand == other.Operand && SymbolEqualityComparer.Default.Equals(Variable, other.Variable);

        /// <summary>Whether this and <paramref name="other"/> cannot both hold: opposite outcomes of one test, or a known value that fails the other.</summary>
        public bool Excludes(Guard other)
        {
            if (!SymbolEqualityComparer.Default.Equals(Variable, other.Variable))
            {
                return false;
            }

            if (Relation == other.Relation && Operand == other.Operand)
            {
                return Value != other.Value;
            }

            if (Relation is Relation.Truth or Relation.Holds || other.Relation is Relation.Truth or Relation.Holds)
            {
                return false;
            }

            if (Relation == Relation.OneOf && other.Relation == Relation.OneOf && Value && other.Value)
            {
                return (Operand & other.Operand) == 0;
            }

            if (Relation == Relation.LessOrEqual && other.Relation == Relation.LessOrEqual && Value != other.Value)
            {
                // At most a and more than b: empty when a <= b.
                return Value ? Operand <= other.Operand : other.Operand <= Operand;
            }

            return IsKnownValue ? other.HoldsFor(Operand) != other.Value
                : other.IsKnownValue && HoldsFor(other.Operand) != Value;
        }

        public bool Equals(Guard other) => Value == other.Value && SameTest(other);

        public override bool Equals(object? obj) => obj is Guard other && Equals(other);

        public override int GetHashCode() =>
            SymbolEqualityComparer.Default.GetHashCode(Variable) ^ ((int)Relation << 1) ^ Operand.GetHashCode() ^ (Value ? 1 : 0);

        private bool IsKnownValue => Relation == Relation.Equal && Value;

        /// <summary>The values 0 to 63 this guard allows, as bits, when it allows only such values; null otherwise.</summary>
        public ulong? SmallValues => Value switch
        {
            true when Relation == Relation.Equal && Operand is >= 0 and < 64 => 1UL << (int)Operand,
            true when Relation == Relation.OneOf => (ulong)Operand,
            _ => null,
        };

        /// <summary>Whether the test holds when the variable is <paramref name="value"/> (never asked of Truth: a bool's tests are all Truth).</summary>
        private bool HoldsFor(long value) => Relation switch
        {
            Relation.Equal => value == Operand,
            Relation.LessOrEqual => value <= Operand,
            Relation.AnyBitOf => (value & Operand) != 0,
            Relation.OneOf => value is >= 0 and < 64 && (((ulong)Operand >> (int)value) & 1) != 0,
            _ => true,
        };
    }
}
